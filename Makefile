# linkwork: `make run` (set up, migrate, load demo data, serve) and `make test` (set up, pass the suite).
# Needs only Python 3.11, Node/npm and make; everything else is installed here.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
BIN := .venv/bin
HOST ?= 127.0.0.1
PORT ?= 8000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export UV_PYTHON_DOWNLOADS := never
export DJANGO_SETTINGS_MODULE ?= linkwork.config.settings.local

.PHONY: setup run demo test test-fast lint format bench bench-concurrency browser clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --python $(PYTHON)
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

setup: .venv/.synced node_modules/.installed

run: setup
	$(BIN)/linkwork migrate --noinput
	$(BIN)/linkwork demo
	$(BIN)/linkwork runserver $(HOST):$(PORT)

demo: setup
	$(BIN)/linkwork migrate --noinput
	$(BIN)/linkwork demo

# Browser tests drive Debian's Chromium (Playwright's own browser download does not work here).
browser:
	@test -x /usr/bin/chromium || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium chromium-driver; }

# The suite runs on the test settings (fast password hashing, DEBUG off), not the local ones `make run` uses:
# the exported default above must not reach pytest.
TEST_ENV := DJANGO_SETTINGS_MODULE=linkwork.config.settings.test

test: setup browser
	$(TEST_ENV) $(BIN)/linkwork makemigrations --check --dry-run
	$(TEST_ENV) $(BIN)/pytest

test-fast: setup
	$(TEST_ENV) $(BIN)/pytest -m "not browser"

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint linkwork --lint
	$(BIN)/python scripts/check_no_model_objects_in_views.py
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: setup
	$(BIN)/python -m benchmarks.run

# 20 API clients mixing reads and writes for a minute against a real server, on SQLite and PostgreSQL
# (benchmarks/README.md); CLIENTS, SECONDS and DATABASES override the defaults.
CLIENTS ?= 20
SECONDS ?= 60
DATABASES ?= sqlite,postgres
bench-concurrency: setup
	$(BIN)/python -m benchmarks.concurrency --clients $(CLIENTS) --seconds $(SECONDS) --databases $(DATABASES)

clean:
	rm -rf .venv $(TOOLS) node_modules build .pytest_cache .mypy_cache .ruff_cache
