# kaifu-checker developer tasks.
#
#   make setup   system packages (only missing ones), .venv, editable install
#   make test    run the test suite (pass extra options via PYTEST_ARGS=...)
#   make serve   run the web app on http://127.0.0.1:5000
#   make bench   run the benchmarks
#   make screenshots  every page at 1366 px and 390 px into out/screenshots/ (git-ignored)
#   make fonts   regenerate the bundled subset fonts (committed; not part of setup)
#   make clean   remove caches and build artefacts (distclean also removes .venv)

SHELL := /bin/bash

PYTHON ?= python3
VENV ?= .venv
VENV_PY := $(VENV)/bin/python
# Touched after a successful `pip install -e`; reinstall when pyproject.toml is newer.
STAMP := $(VENV)/.installed

# Debian 12 packages: compiler and headers for durable-rules, Pango/HarfBuzz for
# WeasyPrint (libharfbuzz-subset0 makes WeasyPrint's font subsetting fast),
# CJK fonts, pdftotext/pdffonts, and a browser for the Playwright tests.
APT_PACKAGES := gcc python3-dev libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b \
                libharfbuzz-subset0 fonts-noto-cjk poppler-utils chromium

PYTEST_ARGS ?=
BENCH_ARGS ?=

.PHONY: setup system-packages test serve bench screenshots fonts clean distclean

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
# mtime does not trigger a reinstall; only a newer pyproject.toml does.
$(STAMP): pyproject.toml | $(VENV_PY)
	$(VENV_PY) -m pip install -e '.[test]'
	touch $@

## test: unit tests and BDD features (testpaths in pyproject.toml).
test: setup
	$(VENV_PY) -m pytest $(PYTEST_ARGS)

## serve: development server on http://127.0.0.1:5000. Without DATABASE_URL the app uses
## the SQLite file instance/checker.sqlite3 (the same one `flask --app web create-user` uses).
serve: setup
	$(VENV)/bin/flask --app web run --host 127.0.0.1 --port 5000

## bench: performance benchmarks.
bench: setup
	$(VENV_PY) -m benchmarks $(BENCH_ARGS)

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
