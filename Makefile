# Veiviser. Two commands do all the set-up on a fresh machine:
#   make run    create the environment, install, train when the data changed, start every service
#   make test   everything CI checks
# The rest are steps of those two, useful on their own.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV      := .venv
PY        := $(VENV)/bin/python
RASA      := $(VENV)/bin/rasa
STAMP     := $(VENV)/.installed
MODEL     := models/veiviser.tar.gz
RUN       := scripts/with-env
# What a retrain depends on: the Rasa training data, the FAQ and lexicon it is built from, the pipeline and the domain.
TRAIN_INPUTS := config.yml domain.yml $(shell find data/nlu data/stories data/rules data/faq data/lexicon -name '*.yml' 2>/dev/null)

.PHONY: help venv run test unit validate train rasa-test stack-test browser-test bench chains-diagram lock clean nlu-eval faq \
        linkcheck

help:
	@echo "make run             start Veiviser (installs and trains first when needed)"
	@echo "make test            run every test CI runs"
	@echo "make validate        check the service chains, the links, the FAQ and the Rasa training data"
	@echo "make chains-diagram  draw each life event's chain into docs/chains/"
	@echo "make bench           print the benchmarks' figures"
	@echo "make linkcheck       open every link Veiviser gives people; report broken and moved ones (needs internet)"
	@echo "make nlu-eval        NLU accuracy and macro F1 on a held-out split, ours vs Rasa's default pipeline"
	@echo "make lock            rewrite constraints.txt from the current environment"

# The environment is rebuilt only when the dependency files change, so a second run takes seconds.
venv: $(STAMP)
$(STAMP): pyproject.toml constraints.txt
	@PYTHON310=$$(scripts/find-python310) && { [ -x $(PY) ] || $$PYTHON310 -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check pip==24.0
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	@touch $@

lock: $(STAMP)
	$(PY) -m pip freeze --exclude-editable | grep -v '^-e ' > constraints.txt
	@echo "constraints.txt rewritten"

# Generated Rasa inputs (FAQ responses and examples, the lexicon's lookup tables) live in build/; rasa reads data/ and
# build/ together.
faq: $(STAMP)
	$(RUN) python -m bot.faq build
	$(RUN) python -m bot.lexicon build

$(MODEL): $(STAMP) $(TRAIN_INPUTS)
	$(RUN) python -m bot.faq build
	$(RUN) python -m bot.lexicon build
	$(RUN) rasa train --fixed-model-name veiviser --out models --domain build/rasa/domain --data data/nlu data/stories data/rules build/rasa/data
	@touch $@

train: $(MODEL)

validate: $(STAMP)
	$(RUN) python -m bot.chains.validate data
	$(RUN) python -m bot.links check
	$(RUN) python -m bot.faq build
	$(RUN) python -m bot.lexicon build
	$(RUN) rasa data validate --domain build/rasa/domain --data data/nlu data/stories data/rules build/rasa/data

run: $(MODEL) web-deps
	scripts/run

unit: $(STAMP)
	$(RUN) python -m pytest -m "not stack and not browser" -q

rasa-test: $(MODEL)
	$(RUN) rasa test core --model $(MODEL) --stories tests/stories --fail-on-prediction-errors --out results/core

stack-test: $(MODEL)
	$(RUN) python -m pytest -m "stack and not browser" -q

browser-test: $(MODEL) browser-deps
	$(RUN) python -m pytest -m "browser" -q

test: unit validate fuzz rasa-test stack-test browser-test

bench: $(STAMP)
	$(RUN) python -m benchmarks

nlu-eval: $(STAMP)
	$(RUN) python -m bot.nlu_eval

# Not part of make test: CI has no internet. Exit 1 = a site says a link is broken, 2 = sites could not be reached.
linkcheck: $(STAMP)
	$(RUN) python -m bot.links live --json results/links.json

chains-diagram: $(STAMP)
	$(RUN) python -m bot.chains.diagram docs/chains

-include mk/*.mk

clean:
	rm -rf models build results .rasa
