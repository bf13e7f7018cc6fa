# The two commands a user needs are `make run` and `make test`; both install what they need.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint format bench

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: install
	$(BIN)/filtering-node serve

test: install
	$(BIN)/ruff format --check node tests
	$(BIN)/ruff check node tests
	$(BIN)/mypy
	$(BIN)/pytest

lint: install
	$(BIN)/ruff format --check node tests
	$(BIN)/ruff check node tests
	$(BIN)/mypy

format: install
	$(BIN)/ruff format node tests
	$(BIN)/ruff check --fix node tests

bench: install
	$(BIN)/filtering-node bench engine
	$(BIN)/filtering-node bench detection --corpus ../shared/corpus/crs-regression.jsonl tests/corpora/*.jsonl
