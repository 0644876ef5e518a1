# The README's commands. `make run` serves the site, `make test` runs every check.
PYTHON ?= $(shell command -v python3.13 2>/dev/null || echo python3)
VENV := .venv
BIN := $(VENV)/bin
# `make run PORT=8101` serves on another port; the site reads PORT to reach itself (the 1xx demo).
PORT ?= 8000
DEV_ENV := DJANGO_DEBUG=1 PORT=$(PORT)

.PHONY: run test test-postgres test-nightly lint format migrate clean system-deps

# The pip that comes with Python 3.13 installs everything here; upgrading it first only cost time.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Two markers, two installs: running needs the runtime dependencies only; the test tools (the
# `dev` extras: pytest, Playwright, ...) come on top with `make test`. The test install depends on
# the runtime one, so `make run` after `make test` finds both done and strips nothing, and
# `make test` after `make run` adds only the tools.
$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed-run
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

migrate: $(VENV)/.installed-run
	$(DEV_ENV) $(BIN)/python manage.py migrate_locked --no-input

run: migrate
	@echo "Open http://127.0.0.1:$(PORT)/ and start with the first lesson (Ctrl-C stops the server)."
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# What the browser and markup tests need from outside PyPI: Debian's Chromium, a Java runtime for
# the Nu HTML checker, and the checker itself from npm. Never `playwright install`.
system-deps:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium; }
	@command -v java >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq default-jre-headless; }
	@command -v npm >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq npm; }

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

test: system-deps $(VENV)/.installed-test node_modules/.installed
	$(BIN)/pytest -q

# The suite against DATABASE_URL (PostgreSQL in CI). Left out: what no database touches and
# `make test` already ran (lint, markup, the container, `make run` itself, the claims tests that
# start gunicorn and runserver with no database of ours) and the browser tests, which drive the
# same views through Chromium and would double CI's time for no new database behaviour.
test-postgres: $(VENV)/.installed-test
	$(BIN)/pytest -q --ignore=tests/test_lint.py --ignore=tests/test_markup.py \
		--ignore=tests/deploy --ignore=tests/browser --ignore=tests/test_makefile.py \
		--ignore=tests/content/test_claims_gunicorn.py \
		--ignore=tests/content/test_claims_runserver.py

# The performance benchmark (bench/README.md): the production server on loopback, driven by wrk
# (installed with apt-get when missing). Not part of `make test`. BENCH_ARGS passes options,
# e.g. make bench BENCH_ARGS="--servers production,sync,granian".
.PHONY: bench
bench: $(VENV)/.installed-run
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# Nightly: the property-based fuzzing at full strength (over 5,000 generated demo requests).
test-nightly: $(VENV)/.installed-test
	FUZZ_EXAMPLES=150 $(BIN)/pytest -q tests/demos/test_fuzz.py

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
