# The two set-up commands of the README:
#   make run    install, start the local Neo4j, load vignettes/, serve the API on 127.0.0.1:8000
#   make test   install, then run the whole test suite against a real Neo4j
# With NEO4J_URI set, both use that Neo4j and no local server is started.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test install lint

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# One person on 127.0.0.1: anonymous reads are on; writing needs an editor key.
run: install
	$(BIN)/kb db start
	$(BIN)/kb load vignettes/
	@echo "Serving on http://127.0.0.1:8000 (the JSON API and its docs: /api/v1/docs). Reads need no key here; to write, create an editor key:"
	@echo "    $(BIN)/kb keys add 'your name' --role editor"
	KB_API_ANONYMOUS_READS=1 $(BIN)/kb serve --host 127.0.0.1 --port 8000

test: install lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Style and types, on the whole tree (part of `make test`): ruff's lint and format check, then mypy.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Benchmarks (scripts, not tests): each prints a table and writes bench/results/*.json.
.PHONY: bench-load bench-queries bench-loadtest
bench-load: install
	$(BIN)/python -m bench.load $(BENCH_ARGS)

bench-queries: install
	$(BIN)/python -m bench.queries $(BENCH_ARGS)

bench-loadtest: install
	$(BIN)/python -m bench.loadtest $(BENCH_ARGS)

# Quality of article tagging and drafting against the hand annotations (tests/articles/annotations/).
.PHONY: eval-articles
eval-articles: install
	$(BIN)/python -m bench.eval_articles
