# The two set-up commands: `make serve` (install, index the shipped corpus, serve on 127.0.0.1:8000)
# and `make test` (install with test tools, run lint and the test suite).
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip install -q -c constraints.txt

.PHONY: install install-test serve test

$(BIN)/python:
	python3 -m venv $(VENV)

install: $(BIN)/python
	$(PIP) -e .

install-test: $(BIN)/python
	$(PIP) -e '.[dev]'

serve: install
	$(BIN)/verwijswijzer ingest
	$(BIN)/verwijswijzer serve

test: install-test
	$(BIN)/ruff check .
	$(BIN)/pytest
