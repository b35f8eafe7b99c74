# Two entry points: `make run` (the main job on the bundled sample) and `make test` (the whole suite).
# Each installs what it needs into .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export HF_DATASETS_OFFLINE := 1

.PHONY: install run test

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $@

run: install
	$(BIN)/textmine extract corpora/sample/review_child_k.txt

test: install
	$(BIN)/python -m pytest
