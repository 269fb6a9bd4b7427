# One task runner: the README's commands are these targets, and CI runs the same ones.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup system-deps site test test-fast lint serve validate bench golden clean engine-trial docs

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# Chromium, a CJK font and the npm checkers (axe-core, vnu): needed by the browser tests.
system-deps:
	bash scripts/install-system-deps.sh

site: setup
	$(BIN)/gazette validate
	$(BIN)/gazette build

validate: setup
	$(BIN)/gazette validate

serve: setup
	$(BIN)/gazette serve

lint: setup
	$(BIN)/ruff check generator tests
	$(BIN)/ruff format --check generator tests

# Everything, browser tests and whole-site builds included: what CI runs. Two processes
# (pytest-xdist): the sample site is built once for both (tests/conftest.py `built_site`);
# `--dist loadgroup` sends each test module whole to one process (tests/conftest.py's
# scheduler; each process starts its own Chromium); TEST_WORKERS=0 runs in one.
TEST_WORKERS ?= 2
test: setup system-deps
	$(BIN)/ruff check generator tests
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup

# The quick loop while working: no whole-site build (`slow`), no Chromium (`browser`),
# on two processes (pytest-xdist, whole modules per process; FAST_WORKERS=0 runs in one),
# property tests at 20 examples instead of 100 (`make test` runs them in full).
FAST_WORKERS ?= 2
test-fast: setup
	$(BIN)/python -m pytest -m "not slow and not browser" -n $(FAST_WORKERS) --dist loadgroup \
		--hypothesis-profile=gazette-fast

# Rewrite tests/golden/ from the current templates; review `git diff tests/golden` before committing.
# Files of pages no longer listed go: the folder is written afresh (git keeps the old ones).
golden: setup
	rm -f tests/golden/zh/* tests/golden/en/*
	GAZETTE_UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q tests/site/test_site_golden.py
	git status --short -- tests/golden
	git diff --stat -- tests/golden

# Ten-year synthetic archive: build times, memory, page and search weight (not a test).
bench: setup system-deps
	$(BIN)/python bench/run.py

# Build the sample with Zensical too and report what differs (docs/engine.md). Installs
# nothing: give it a Python where zensical imports, e.g. TRIAL_PYTHON=/tmp/ztrial/bin/python.
TRIAL_PYTHON ?= $(BIN)/python
engine-trial: setup
	$(TRIAL_PYTHON) bench/engine_trial.py

clean:
	rm -rf site build .pytest_cache

# Rewrite the generated part of docs/cli.md from the CLI's parser (tests/test_docs.py checks it).
docs: setup
	$(BIN)/python tools/cli_reference.py
