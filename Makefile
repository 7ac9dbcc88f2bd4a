# ledcheck — developer and CI entry points (GNU make).
#   make serve     set everything up and run the dev server on http://127.0.0.1:8000
#   make test      run the whole test suite on SQLite (incl. browser tests)
#   make test-fast the suite without browser tests (local work)
#   make test-pg   the suite without browser tests on a throwaway PostgreSQL 15 cluster
#   make screenshots  the browser tests, saving PNGs of the pages in artifacts/screenshots/ to look at
#   make bench     measure the speed figures of issue 13 (docs/performance.md)

SHELL := /bin/bash
PY := .venv/bin/python
VENV_STAMP := .venv/.installed

.PHONY: venv sysdeps setup serve browser test test-pg test-fast screenshots bench lint messages clean

venv: $(VENV_STAMP) sysdeps

# Debian libraries WeasyPrint needs for PDFs (Pango, a font) and poppler-utils, installed with apt when missing
# (root needed, as on CI).
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core poppler-utils
sysdeps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing $$missing (apt)"; \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

# --no-compile: pip would byte-compile every file of every dependency (numpy, pandas, scipy, ...), half of
# the install's time (45 s against 21 s); Python compiles the modules it imports when it first imports them.
$(VENV_STAMP): pyproject.toml
	python3 -m venv .venv
	.venv/bin/pip install -q --upgrade pip
	.venv/bin/pip install -q --no-compile -e '.[dev]'
	touch $@

# Local development defaults to DEBUG (dev SECRET_KEY, localhost ALLOWED_HOSTS);
# an explicit DJANGO_DEBUG in the environment wins.
DEV := DJANGO_DEBUG=$${DJANGO_DEBUG:-1}

setup: $(VENV_STAMP) sysdeps
	$(DEV) $(PY) manage.py migrate --noinput
	$(DEV) $(PY) manage.py load_benchmark

serve: setup
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

# System Chromium for browser tests: its headless build drives the suite, the desktop build takes the
# screenshots (tests/conftest.py); poppler-utils for PDF checks.
BROWSER_PACKAGES := chromium chromium-headless-shell chromium-driver poppler-utils
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromium-headless-shell ] || [ ! -x /usr/bin/chromedriver ]; then \
		echo "Installing $(BROWSER_PACKAGES) (apt)"; \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BROWSER_PACKAGES); \
	fi

# Tests run on both cores of the machine (pytest-xdist, each worker with its own database and browser). A third
# worker was not reliably faster (677-735 s against 749 s for the whole suite, on a machine whose speed
# varied by a fifth within the hour) and pushed 2 of the 200 simultaneous participants of
# test_concurrency.py past SQLite's 20 s lock timeout. TEST_WORKERS=0 runs them in one process (pdb, print
# debugging).
TEST_WORKERS ?= 2
# One test at a time to whichever worker is free, long tests first (tests/conftest.py): neither core waits
# for the other at the end.
XDIST := -n $(TEST_WORKERS) --dist load --maxschedchunk 1

# The whole suite on SQLite, browser tests included (-m e2e: they run here only), after the linter (a
# second: CI refuses what the linter or the formatter would change).
test: $(VENV_STAMP) sysdeps browser lint
	$(PY) -m pytest $(XDIST) $(PYTEST_ARGS)

# The suite on PostgreSQL without the browser tests (they exercise pages, not the database) and without the
# tests that run on SQLite files of their own (the bench, the installed package, SQLite backups) or check
# what no database changes (no English left on Spanish pages): all of them already ran in `make test`
# (.ci/run runs both).
test-pg: $(VENV_STAMP) sysdeps
	scripts/with_postgres.sh $(PY) -m pytest $(XDIST) -m "not e2e and not own_sqlite and not db_independent" $(PYTEST_ARGS)

# Local work: everything but the browser tests, on SQLite.
test-fast: $(VENV_STAMP)
	$(PY) -m pytest $(XDIST) -m "not e2e" $(PYTEST_ARGS)

# The browser tests again, taking the screenshots the suite skips (tests/browser.py: screenshot), in the
# desktop Chromium.
screenshots: $(VENV_STAMP) sysdeps browser
	LEDCHECK_SCREENSHOTS=1 LEDCHECK_CHROMIUM=/usr/bin/chromium $(PY) -m pytest $(XDIST) -m e2e $(PYTEST_ARGS)

# Builds throwaway databases (12 / 500 / 10,000 cases), serves each under gunicorn, prints figure, value and
# goal, writes artifacts/bench.json. A few minutes; numbers are only comparable within one run.
bench: $(VENV_STAMP)
	$(PY) -m bench $(BENCH_ARGS)
	@# The live dashboard on the wire and on the server (issue 11), on a throwaway database.
	mkdir -p artifacts && rm -f artifacts/bench-dashboard.sqlite3
	DJANGO_DEBUG=1 SQLITE_PATH=artifacts/bench-dashboard.sqlite3 $(PY) manage.py migrate --noinput -v0
	DJANGO_DEBUG=1 SQLITE_PATH=artifacts/bench-dashboard.sqlite3 $(PY) manage.py bench_dashboard

lint: $(VENV_STAMP)
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

# Regenerate and compile the Spanish catalogues, one per app plus locale/ (needs GNU gettext); the .mo
# files are committed, so serving Spanish needs no gettext tools.
messages: $(VENV_STAMP)
	scripts/messages.sh

clean:
	rm -rf .venv staticfiles artifacts .pytest_cache .ruff_cache *.egg-info
	find . -name __pycache__ -type d -prune -not -path './.venv/*' -exec rm -rf {} +
