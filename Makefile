# The project's vocabulary: `make run` serves the demo, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INDEX_DIR ?= var/index
HOST ?= 127.0.0.1
PORT ?= 8000
CORPUS := index/data/click-id.jsonl.gz
# A change to any of these changes the index: `make run` rebuilds it.
INDEX_INPUTS := $(CORPUS) index/data/stopwords-id.txt index/analysis.py index/schema.py

.PHONY: run test lint format index rebuild install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

$(INDEX_DIR)/CURRENT: $(INDEX_INPUTS) | $(VENV)/.installed
	$(BIN)/python -m index build --index-dir $(INDEX_DIR)

## index: build the index of the bundled corpus when missing or out of date
index: $(INDEX_DIR)/CURRENT

## rebuild: build the index again, whatever its state
rebuild: $(VENV)/.installed
	$(BIN)/python -m index build --index-dir $(INDEX_DIR)

## run: set up everything and serve the demo on http://$(HOST):$(PORT)/
run: $(VENV)/.installed $(INDEX_DIR)/CURRENT
	$(BIN)/python -m web --index-dir $(INDEX_DIR) --host $(HOST) --port $(PORT)

## lint: ruff's lint and format checks
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## format: apply ruff's formatting
format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## test: set up everything, lint, run the whole test suite
test: lint
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
