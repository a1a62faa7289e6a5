# Safe Space: `make run` serves the site, `make test` runs every test. Both install what they need.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
NODE_INSTALLED := node_modules/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test test-unit test-e2e lint worker beat bench clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Safe Space needs Python 3.11 ($(PYTHON) not found)."; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $@

$(NODE_INSTALLED): package.json package-lock.json
	npm ci --prefix . --no-audit --no-fund --loglevel=error
	@touch $@

install: $(INSTALLED) $(NODE_INSTALLED)

# With REDIS_URL set, a Celery worker (urgent, default, then bulk queue) and beat run beside the site,
# restarted whenever they exit (safespace/supervise.py), and stop with it; without it, tasks run
# in-process and nothing else is needed.
# Links in emails point at the address served here (make run PORT=8110), unless SITE_URL is set.
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@if [ -n "$$REDIS_URL" ]; then \
	  echo "REDIS_URL is set: starting a Celery worker and beat beside the site (restarted if they exit)."; \
	  $(BIN)/python -m safespace.supervise worker beat & \
	  supervisor=$$!; trap 'kill $$supervisor 2>/dev/null; wait $$supervisor' EXIT INT TERM; \
	  $(BIN)/python manage.py runserver $(HOST):$(PORT); \
	else \
	  $(BIN)/python manage.py runserver $(HOST):$(PORT); \
	fi

# Browser tests run in their own pytest process: Playwright's event loop needs Django's async
# guard switched off, and the rest of the suite keeps it on. They drive Debian's Chromium, else
# Playwright's own (fetched when missing). Only when neither can be had are they skipped, and the
# last line says so; in CI (CI set) they run regardless, so a missing browser fails the build.
test: install
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=safespace.settings.test
	$(BIN)/pytest --ignore=tests/e2e $(PYTEST_ARGS)
	@if [ -n "$$CI" ] || $(BIN)/python -m tests.e2e.browser; then \
	  $(BIN)/pytest tests/e2e $(PYTEST_ARGS); \
	else \
	  echo "BROWSER JOURNEYS SKIPPED: no Chromium could be found or fetched (apt-get install chromium, or .venv/bin/playwright install chromium); everything else passed."; \
	fi

test-unit: install
	$(BIN)/pytest --ignore=tests/e2e $(PYTEST_ARGS)

test-e2e: install
	@[ -n "$$CI" ] || $(BIN)/python -m tests.e2e.browser || true
	$(BIN)/pytest tests/e2e $(PYTEST_ARGS)

# Ruff, then the layers (pyproject.toml's [tool.importlinter] contracts: what may import what).
lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# One worker for every queue, urgent first: a crisis alert never waits behind a backlog of emails.
worker: install
	$(BIN)/celery -A safespace worker --queues urgent,default,bulk --loglevel=info

beat: install
	mkdir -p var
	$(BIN)/celery -A safespace beat --schedule var/celerybeat-schedule --loglevel=info

# Seeds a benchmark database once (BENCH_SHAPE=peers: 5,000 members, 100,000 posts; or
# BENCH_SHAPE=million), serves the site with gunicorn and production settings beside a bare "floor"
# view, and prints req/s, ratio to the floor, p50/p99, queries and CPU ms for visitor and member pages
# (bench/README.md). Needs PostgreSQL and Redis (BENCH_DATABASE_URL, BENCH_REDIS_URL).
bench: install
	bench/run.sh $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules staticfiles
