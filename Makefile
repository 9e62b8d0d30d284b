# Linkwork: `make run` to try it, `make test` to check it. Both create .venv when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
MANAGE := $(BIN)/python manage.py

.PHONY: install run worker test lint format migrations clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when the dependency lists change.
$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# Development server, Celery worker and beat in one terminal; Ctrl-C stops all three.
run: export DEBUG ?= true
run: install
	mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(BIN)/honcho --procfile Procfile.dev start

test: export DJANGO_SETTINGS_MODULE = linkwork.settings.test
test: install
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
