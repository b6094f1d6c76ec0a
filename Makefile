# The two set-up commands: `make serve` (install, index the shipped corpus, serve on 127.0.0.1:8000)
# and `make test` (install with test tools, run lint and the test suite).
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip install -q -c constraints.txt

DEV_SET ?= ../shared/eval/dev.jsonl
GATE_DATA := data/gate

.PHONY: install install-test serve test gate

$(BIN)/python:
	python3 -m venv $(VENV)

install: $(BIN)/python
	$(PIP) -e .

install-test: $(BIN)/python
	$(PIP) -e '.[dev]'
	@# The widget's browser test drives Debian's chromium (Playwright's own browser download is not used).
	@test -x /usr/bin/chromium || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)
	@# The multi-instance test starts a throw-away PostgreSQL from Debian's packages (skipped when absent).
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
		&& (apt-get update -qq && apt-get install -y -qq postgresql >/dev/null) \
		|| echo "PostgreSQL not installed: tests/deploy will be skipped"; }

serve: install
	$(BIN)/verwijswijzer ingest
	$(BIN)/verwijswijzer serve

test: install-test
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/pytest
	$(MAKE) --no-print-directory gate

# The answer-quality gate: index the shipped corpus (its own data dir), score the project's own question set
# against eval/thresholds-own.toml and the dev set (when present) against eval/thresholds.toml; a metric below
# its floor fails the run.
gate:
	VERWIJSWIJZER_DATA_DIR=$(GATE_DATA) $(BIN)/verwijswijzer ingest
	VERWIJSWIJZER_DATA_DIR=$(GATE_DATA) $(BIN)/verwijswijzer eval --dataset eval/datasets/dev-own.jsonl \
		--out $(GATE_DATA)/report-own --gate --thresholds eval/thresholds-own.toml
	@if [ -f "$(DEV_SET)" ]; then \
		VERWIJSWIJZER_DATA_DIR=$(GATE_DATA) $(BIN)/verwijswijzer eval --dataset $(DEV_SET) \
			--out $(GATE_DATA)/report --gate; \
	else echo "$(DEV_SET) not found: dev-set gate skipped"; fi
