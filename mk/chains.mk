# Service chains (bot/chains, data/chains). `make validate` and `make chains-diagram` in the Makefile call
# python -m bot.chains.validate data and python -m bot.chains.diagram docs/chains.
#   make chains-test    the chain tests in tests/chains (variants, validator, properties; a few seconds)
#   make chains-bench   the planner benchmark alone
.PHONY: chains-test chains-bench chains-check

chains-test: $(STAMP)
	$(RUN) python -m pytest tests/chains -q

chains-bench: $(STAMP)
	$(RUN) python -m benchmarks.bench_planner

# validate the data and fail if the committed diagrams are stale
chains-check: $(STAMP)
	$(RUN) python -m bot.chains.validate data
	$(RUN) python -m pytest tests/chains/test_api.py -q -k diagrams
