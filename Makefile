# kaifu-checker developer tasks.
#
#   make setup   system packages (only missing ones), .venv from requirements/dev.lock, editable install
#   make check   the fast loop: everything but the slow and browser tests, in parallel (pytest-xdist)
#   make test    the full suite, as CI runs it (pass extra options via PYTEST_ARGS=...)
#   make serve   production server (gunicorn) on http://$(HOST):$(PORT), schema migrated first
#   make worker  a Celery worker for background batches (needs REDIS_URL and DATABASE_URL)
#   make dev     development server with the Flask reloader, schema migrated first
#   make lock    re-resolve requirements/runtime.lock and dev.lock from pyproject.toml (uv, hashes)
#   make bench   run the benchmarks
#   make screenshots  every page at 1366 px and 390 px into out/screenshots/ (git-ignored)
#   make fonts   regenerate the bundled subset fonts (committed; installs the source fonts' packages)
#   make clean   remove caches and build artefacts (distclean also removes .venv)

SHELL := /bin/bash

PYTHON ?= python3
VENV ?= .venv
VENV_PY := $(VENV)/bin/python
# Touched after a successful install; reinstall when pyproject.toml or the lock file is newer.
STAMP := $(VENV)/.installed
RUNTIME_STAMP := $(VENV)/.installed-runtime
# The tested versions of every dependency, with their hashes, resolved by `make lock`: what the
# server needs (runtime.lock: `make serve`, `make worker`) and that plus the test tool chain
# (dev.lock: `make setup`, `make test`, `make check`).
RUNTIME_LOCK := requirements/runtime.lock
DEV_LOCK := requirements/dev.lock

# make serve / make dev: where to listen, and gunicorn's size (2 × cores + 1 workers,
# as gunicorn advises, each with threads for the requests waiting on the database: 8, sized by
# `make bench PARTS=floor` with BENCH_PROJECT_THREADS="4 8 16" — 8 answered the most reviews
# per second with the lowest p99 on SQLite and PostgreSQL, 4 the fewest).
HOST ?= 127.0.0.1
PORT ?= 5000
CORES := $(shell nproc 2>/dev/null || echo 2)
WORKERS ?= $(shell echo $$(( $(CORES) * 2 + 1 )))
THREADS ?= 8
TIMEOUT ?= 120
FLASK := $(VENV)/bin/flask --app web

# Debian 12 packages: compiler and headers for durable-rules, Pango/HarfBuzz for
# WeasyPrint (libharfbuzz-subset0 makes WeasyPrint's font subsetting fast) and CJK fonts for
# the server; pdftotext/pdffonts and a browser for the tests only.
RUNTIME_APT := gcc python3-dev libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b \
               libharfbuzz-subset0 fonts-noto-cjk
TEST_APT := poppler-utils chromium
# The source faces of the bundled subset fonts, for `make fonts` only (the subsets are committed).
FONT_APT := texlive-lang-chinese fonts-lxgw-wenkai fonts-noto-cjk
APT_PACKAGES := $(RUNTIME_APT) $(TEST_APT)

PYTEST_ARGS ?=
BENCH_ARGS ?=

.PHONY: setup setup-runtime system-packages runtime-packages font-packages test check serve worker dev migrate \
        lock bench screenshots fonts clean distclean

## setup: idempotent; does nothing expensive when everything is in place.
# The editable install's own modules compiled once (pip compiles the dependencies): where
# PYTHONDONTWRITEBYTECODE is set no .pyc is ever written, and every `checker` command would
# compile the package again (+40 ms on a cold `checker review --json`, issue 29).
COMPILE_BYTECODE = $(VENV_PY) -m compileall -q checker web >/dev/null

setup: system-packages $(STAMP)

## setup-runtime: only what the server needs (no pytest, Playwright, hypothesis or chromium).
setup-runtime: runtime-packages $(RUNTIME_STAMP)

# Install only the missing system packages (apt-get update runs at most once).
system-packages: PACKAGES = $(APT_PACKAGES)
runtime-packages: PACKAGES = $(RUNTIME_APT)
font-packages: PACKAGES = $(FONT_APT)
system-packages runtime-packages font-packages:
	@missing=""; \
	for p in $(PACKAGES); do \
	  dpkg -s "$$p" 2>/dev/null | grep -q '^Status: install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo="sudo"; \
	  $$sudo apt-get update && \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; \
	fi

$(VENV_PY):
	$(PYTHON) -m venv $(VENV)

# Order-only dependency on the interpreter, so a change of the venv directory's
# mtime does not trigger a reinstall; only a newer pyproject.toml or lock file does.
# The dependencies come from a lock file (the versions the suite passed with, hash-checked);
# the project itself is installed editable without resolving anything again.
$(STAMP): pyproject.toml $(DEV_LOCK) | $(VENV_PY)
	$(VENV_PY) -m pip install -r $(DEV_LOCK)
	$(VENV_PY) -m pip install --no-deps -e .
	$(COMPILE_BYTECODE)
	touch $@ $(RUNTIME_STAMP)

$(RUNTIME_STAMP): pyproject.toml $(RUNTIME_LOCK) | $(VENV_PY)
	$(VENV_PY) -m pip install -r $(RUNTIME_LOCK)
	$(VENV_PY) -m pip install --no-deps -e .
	$(COMPILE_BYTECODE)
	touch $@

## lock: resolve pyproject.toml into the runtime lock and the dev lock (runtime + test extra),
## with hashes; `LOCK_ARGS=--upgrade` to move to newer versions.
LOCK_ARGS ?=
lock: | $(VENV_PY)
	$(VENV_PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes \
	  --no-header $(LOCK_ARGS) -o $(RUNTIME_LOCK)
	$(VENV)/bin/uv pip compile pyproject.toml --extra test --python-version 3.11 \
	  --generate-hashes --no-header $(LOCK_ARGS) -o $(DEV_LOCK)

## test: the full suite, unit tests and BDD features (testpaths in pyproject.toml): what CI runs,
## on as many processes as cores (pytest-xdist; `PYTEST_ARGS="-n 0"` for one process).
test: setup
	$(VENV_PY) -m pytest -n auto $(PYTEST_ARGS)

## check: the developer loop — everything but the slow and browser tests, on as many
## processes as cores (with TEST_DATABASE_URL set, the PostgreSQL cases run too).
check: setup
	$(VENV_PY) -m pytest -m "not slow and not browser" -n auto $(PYTEST_ARGS)

## migrate: bring the database schema to head (once, before any server starts).
migrate: setup-runtime
	$(FLASK) db upgrade

## serve: the production server (gunicorn) on http://$(HOST):$(PORT), e.g. `make serve PORT=5301`.
## Without DATABASE_URL the app uses the SQLite file instance/checker.sqlite3 (the same one
## `flask --app web create-user` uses). The schema is migrated once, before the workers start.
serve: migrate
	@if [ -z "$$REDIS_URL" ] && [ "$(WORKERS)" -gt 1 ]; then echo "警告：未设置 REDIS_URL，登录频率限制在 $(WORKERS) 个工作进程中各自计数（见 docs/operations.md 安全与可靠性）" >&2; fi
	WEB_CONCURRENCY=$(WORKERS) exec $(VENV)/bin/gunicorn --bind $(HOST):$(PORT) --workers $(WORKERS) \
	  --worker-class gthread --threads $(THREADS) --timeout $(TIMEOUT) \
	  --graceful-timeout 30 --keep-alive 5 --access-logfile - 'web:create_app()'

## worker: a Celery worker (Redis broker and result backend at $(REDIS_URL), the database at
## $(DATABASE_URL), both the same as the web app's); WORKER_CONCURRENCY processes (default: one
## per core). Start one per machine, or several; they share the queue.
WORKER_CONCURRENCY ?= $(CORES)
worker: migrate
	@test -n "$$REDIS_URL" || { echo "make worker: set REDIS_URL (e.g. redis://127.0.0.1:6379/0)"; exit 2; }
	exec $(VENV)/bin/celery -A web worker --loglevel=INFO \
	  --concurrency $(WORKER_CONCURRENCY) --queues "$${CELERY_QUEUE:-checker}"

## dev: the Flask development server with the reloader (never for production).
dev: migrate
	$(FLASK) run --debug --host $(HOST) --port $(PORT)

## bench: performance benchmarks (`make bench PARTS="batch impact"` runs only those parts).
PARTS ?=
bench: setup
	$(VENV_PY) -m benchmarks $(PARTS) $(BENCH_ARGS)

## screenshots: each page at 1366 px and 390 px, real browser, into out/screenshots/.
screenshots: setup
	$(VENV_PY) tests/web/screenshots.py

## fonts: rebuild checker/opinion/fonts/*.ttf (and their licence files) from the source faces:
## FandolFang (texlive-lang-chinese, GPL + font exception), LXGW WenKai (fonts-lxgw-wenkai,
## OFL) and Noto CJK (fonts-noto-cjk, OFL). Only this target installs FONT_APT; the subset
## fonts are committed, so setup, test and serve never need them.
fonts: setup font-packages
	$(VENV_PY) -m checker.opinion.fontbuild

clean:
	rm -rf build dist *.egg-info .pytest_cache .hypothesis
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -print0 | xargs -0 rm -rf

distclean: clean
	rm -rf $(VENV)
