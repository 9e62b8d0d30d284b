# Linkwork: `make run` to try it, `make test` to check it. Both create .venv when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
MANAGE := $(BIN)/python manage.py

.PHONY: install browser run worker test lint format migrations clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when the dependency lists change.
$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# The browser tests (tests/e2e) drive Debian's headless Chromium; Playwright's own browser
# download is never used. Installed here when missing and running as root (as in CI).
CHROMIUM ?= /usr/bin/chromium
browser:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Chromium for the browser tests (apt-get install chromium)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else \
	    echo "The browser tests need Chromium at $(CHROMIUM). Install it with" >&2; \
	    echo "  sudo apt-get install chromium   (Debian/Ubuntu)" >&2; \
	    echo "or run: make test CHROMIUM=/path/to/chromium" >&2; \
	    exit 1; \
	  fi; \
	fi; \
	[ -x "$(CHROMIUM)" ] || { echo "No Chromium at $(CHROMIUM) after installing" >&2; exit 1; }

# Development server, Celery worker and beat in one terminal; Ctrl-C stops all three.
run: export DEBUG ?= true
run: install
	mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(BIN)/honcho --procfile Procfile.dev start

test: export DJANGO_SETTINGS_MODULE = linkwork.settings.test
test: export LINKWORK_CHROMIUM = $(CHROMIUM)
test: install browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations: export DJANGO_SETTINGS_MODULE = linkwork.settings.test
migrations: install
	$(MANAGE) makemigrations

clean:
	rm -rf $(VENV) var/celery var/staticfiles .pytest_cache
