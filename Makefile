# kaifu-checker developer tasks.
#
#   make setup   system packages (only missing ones), .venv from requirements.lock, editable install
#   make test    run the test suite (pass extra options via PYTEST_ARGS=...)
#   make serve   production server (gunicorn) on http://$(HOST):$(PORT), schema migrated first
#   make worker  a Celery worker for background batches (needs REDIS_URL and DATABASE_URL)
#   make dev     development server with the Flask reloader, schema migrated first
#   make lock    re-resolve requirements.lock from pyproject.toml (uv pip compile)
#   make bench   run the benchmarks
#   make screenshots  every page at 1366 px and 390 px into out/screenshots/ (git-ignored)
#   make fonts   regenerate the bundled subset fonts (committed; not part of setup)
#   make clean   remove caches and build artefacts (distclean also removes .venv)

SHELL := /bin/bash

PYTHON ?= python3
VENV ?= .venv
VENV_PY := $(VENV)/bin/python
# Touched after a successful install; reinstall when pyproject.toml or the lock file is newer.
STAMP := $(VENV)/.installed
# The tested versions of every dependency (runtime and test), resolved by `make lock`.
LOCK := requirements.lock

# make serve / make dev: where to listen, and gunicorn's size (2 × cores + 1 workers,
# as gunicorn advises, each with a few threads for the requests waiting on the database).
HOST ?= 127.0.0.1
PORT ?= 5000
CORES := $(shell nproc 2>/dev/null || echo 2)
WORKERS ?= $(shell echo $$(( $(CORES) * 2 + 1 )))
THREADS ?= 4
TIMEOUT ?= 120
FLASK := $(VENV)/bin/flask --app web

# Debian 12 packages: compiler and headers for durable-rules, Pango/HarfBuzz for
# WeasyPrint (libharfbuzz-subset0 makes WeasyPrint's font subsetting fast),
# CJK fonts, pdftotext/pdffonts, and a browser for the Playwright tests.
APT_PACKAGES := gcc python3-dev libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b \
                libharfbuzz-subset0 fonts-noto-cjk poppler-utils chromium

PYTEST_ARGS ?=
BENCH_ARGS ?=

.PHONY: setup system-packages test serve worker dev migrate lock bench screenshots fonts clean distclean

## setup: idempotent; does nothing expensive when everything is in place.
setup: system-packages $(STAMP)

# Install only the missing system packages (apt-get update runs at most once).
system-packages:
	@missing=""; \
	for p in $(APT_PACKAGES); do \
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
# The dependencies come from the lock file (the versions the suite passed with); the
# project itself is installed editable without resolving anything again.
$(STAMP): pyproject.toml $(LOCK) | $(VENV_PY)
	$(VENV_PY) -m pip install -r $(LOCK)
	$(VENV_PY) -m pip install --no-deps -e .
	touch $@

## lock: resolve the dependencies of pyproject.toml (with the test extra) into requirements.lock.
lock: | $(VENV_PY)
	$(VENV_PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra test --python-version 3.11 \
	  --no-header -o $(LOCK)

## test: unit tests and BDD features (testpaths in pyproject.toml).
test: setup
	$(VENV_PY) -m pytest $(PYTEST_ARGS)

## migrate: bring the database schema to head (once, before any server starts).
migrate: setup
	$(FLASK) db upgrade

## serve: the production server (gunicorn) on http://$(HOST):$(PORT), e.g. `make serve PORT=5301`.
## Without DATABASE_URL the app uses the SQLite file instance/checker.sqlite3 (the same one
## `flask --app web create-user` uses). The schema is migrated once, before the workers start.
serve: migrate
	exec $(VENV)/bin/gunicorn --bind $(HOST):$(PORT) --workers $(WORKERS) \
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

## fonts: rebuild checker/opinion/fonts/*.ttf from the system Noto CJK fonts.
fonts: setup
	$(VENV_PY) -m checker.opinion.fontbuild

clean:
	rm -rf build dist *.egg-info .pytest_cache .hypothesis
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -print0 | xargs -0 rm -rf

distclean: clean
	rm -rf $(VENV)
