# The two commands: `make run` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# `make run` serves the demo clinic from an SQLite file in var/ (development settings, never for patients).
RUN_ENV := SPINECOACH_ENVIRONMENT=development SPINECOACH_COOKIE_SECURE=false \
	SPINECOACH_DATABASE_URL=sqlite:///$(CURDIR)/var/demo.sqlite3

.PHONY: run session test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev,vision]'
	touch $(STAMP)

run: $(STAMP)
	mkdir -p var
	$(RUN_ENV) $(BIN)/spinecoach db upgrade
	$(RUN_ENV) $(BIN)/spinecoach demo
	$(RUN_ENV) $(BIN)/spinecoach serve

session: $(STAMP)
	$(BIN)/spinecoach session

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python bench/terminal_timing.py
	$(BIN)/python bench/api_load.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache var
