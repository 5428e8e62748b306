# blogsite: `make run` serves the demo blog, `make test` runs the suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# The blog reads PORT too: without SITE_URL, its links follow the port it is served on.
export PORT

# The first Python 3.12+ found: `python3` (pyenv reads .python-version), then
# versioned names, then pyenv's own installs.
PYTHON := $(shell for c in python3 python3.13 python3.12 $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3; do \
	if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	echo $$c; break; fi; done)

.PHONY: run test lint format bench check-python clean

check-python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "blogsite needs Python 3.12 or newer (Django 6.1), and none was found."; \
		echo "Install one, e.g. 'pyenv install 3.12' or your system's python3.12 package, then run make again."; \
		exit 1; \
	fi

$(PY): | check-python
	@echo "Creating $(VENV) with $(PYTHON) ($$($(PYTHON) --version))"
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); echo "Could not create $(VENV)."; exit 1; }
	@$(PY) -m pip install --quiet --upgrade pip || { rm -rf $(VENV); exit 1; }

$(VENV)/.runtime: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt package.json | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm is missing: the HTML validity test will be skipped."; fi
	@touch $@ $(VENV)/.runtime

run: $(VENV)/.runtime
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo
	@echo "Serving on http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	@# The task worker sends the blog's mail; it stops with the server.
	DEBUG=1 $(PY) manage.py task_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.dev
	$(PY) -m pytest

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: $(VENV)/.dev
	@command -v wrk >/dev/null || { echo "wrk is missing: install it with 'apt-get install -y wrk'."; exit 1; }
	@# Varnish (with the xkey vmod) and nginx for the front-end and static-file rows.
	@if ! command -v varnishd >/dev/null || ! command -v nginx >/dev/null \
		|| [ ! -e /usr/lib/x86_64-linux-gnu/varnish/vmods/libvmod_xkey.so ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq varnish varnish-modules nginx >/dev/null; \
	fi
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
