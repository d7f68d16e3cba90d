# Everything a newcomer or CI needs: `make run` starts the app, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint format bench system-packages clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

# Debian packages the tests use (Chromium for browser tests, PostgreSQL for storage tests).
system-packages:
	scripts/system-packages

run: install
	$(BIN)/toolkit demo --if-empty
	@echo "Starting the app at http://localhost:8501 (Ctrl+C stops it)"
	$(BIN)/streamlit run app.py --server.headless true

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: install system-packages lint
	$(BIN)/python -m pytest

bench: install system-packages
	$(BIN)/python benchmarks/bench_scoring.py
	$(BIN)/python benchmarks/bench_import.py
	$(BIN)/python benchmarks/bench_app.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
