# The two commands: `make run` and `make test`. Both set up .venv from the committed lock when it is
# missing or out of date (docs/development.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TOOLS := .tools
UV := $(TOOLS)/bin/uv
STAMP := $(VENV)/.installed
LOCK := requirements/lock.txt
AXE := node_modules/axe-core/axe.min.js

# uv uses the Python given by $(PYTHON) and never downloads one.
export UV_PYTHON_DOWNLOADS := never

# `make run` serves the demo clinic from an SQLite file in var/ (development settings, never for patients).
RUN_ENV := SPINECOACH_ENVIRONMENT=development SPINECOACH_COOKIE_SECURE=false \
	SPINECOACH_DATABASE_URL=sqlite:///$(CURDIR)/var/demo.sqlite3

.PHONY: run session test test-stress lint lock upgrade audit bench clean

# uv itself, at the version and hashes in requirements/tools.txt, in a small virtualenv of its own.
$(UV): requirements/tools.txt
	rm -rf $(TOOLS)
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
		-r requirements/tools.txt

# Exactly the lock (packages not in it are removed), then the project itself in editable mode,
# built with the setuptools and wheel of requirements/build.txt.
$(STAMP): $(UV) $(LOCK) requirements/build.txt pyproject.toml
	test -x $(BIN)/python || $(UV) venv --quiet --python $(PYTHON) $(VENV)
	$(UV) pip sync --quiet --python $(BIN)/python --require-hashes $(LOCK)
	$(UV) pip install --quiet --python $(BIN)/python --no-deps --build-constraints requirements/build.txt -e .
	touch $(STAMP)

run: $(STAMP)
	mkdir -p var
	$(RUN_ENV) $(BIN)/spinecoach db upgrade
	$(RUN_ENV) $(BIN)/spinecoach demo
	$(RUN_ENV) $(BIN)/spinecoach serve

session: $(STAMP)
	$(BIN)/spinecoach session

lint: $(STAMP)
	$(BIN)/python scripts/lock.py --check
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy

# axe-core, the browser tests' one npm package, exactly as package-lock.json has it. Without npm the
# accessibility tests are skipped loudly (and fail in CI, where .ci/run installs npm).
$(AXE): package.json package-lock.json
	@if command -v npm > /dev/null; then npm ci --silent --no-audit --no-fund && touch $@; \
	else echo "npm not found: the accessibility tests will be skipped (apt-get install npm)"; fi

test: lint $(AXE)
	$(BIN)/pytest

# The whole suite while every core is kept busy by other processes: a test that passes only on a
# quiet machine fails here.
test-stress: lint $(AXE)
	$(BIN)/python scripts/under_load.py $(BIN)/pytest

# Rewrites the lock from pyproject.toml, keeping the pins that still fit; `make upgrade` takes the
# newest versions the ranges allow. Commit requirements/ afterwards.
lock: $(UV)
	UV=$(UV) $(PYTHON) scripts/lock.py

upgrade: $(UV)
	UV=$(UV) $(PYTHON) scripts/lock.py --upgrade

# Known vulnerabilities in the locked packages; says so loudly and passes when the service is unreachable.
audit: $(STAMP)
	$(BIN)/python scripts/audit.py

bench: $(STAMP)
	$(BIN)/python bench/terminal_timing.py
	$(BIN)/python bench/api_load.py

clean:
	rm -rf $(VENV) $(TOOLS) node_modules build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache var
