# Agency APIs (bot/agencies): fuzzing from the OpenAPI description, contract tests and the benchmark.
#   make fuzz            schemathesis against the mock app (own venv .venv-fuzz; about 1 minute)
#   make agencies-test   the contract tests in tests/agencies (about 15 s)
#   make agencies-bench  p50/p95/throughput of a look-up with 50 concurrent clients
#   make agencies        the mock agency APIs alone, in the foreground
.PHONY: fuzz agencies-test agencies-bench agencies

FUZZ_VENV     := .venv-fuzz
FUZZ_STAMP    := $(FUZZ_VENV)/.installed
FUZZ_REQS     := tests/agencies/fuzz-requirements.txt
FUZZ_EXAMPLES ?= 30

$(FUZZ_STAMP): $(FUZZ_REQS)
	@PYTHON310=$$(scripts/find-python310) && { [ -x $(FUZZ_VENV)/bin/python ] || $$PYTHON310 -m venv $(FUZZ_VENV); }
	$(FUZZ_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r $(FUZZ_REQS)
	@touch $@

fuzz: $(STAMP) $(FUZZ_STAMP)
	$(RUN) python tests/agencies/fuzz_openapi.py --max-examples $(FUZZ_EXAMPLES)

agencies-test: $(STAMP)
	$(RUN) python -m pytest tests/agencies -q

agencies-bench: $(STAMP)
	$(RUN) python -m benchmarks.bench_agencies

agencies: $(STAMP)
	$(RUN) python -m bot.agencies.mock
