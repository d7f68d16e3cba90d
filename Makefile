# Everything a newcomer or CI needs: `make run` starts the app, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run-workshop run-event install run test lint format bench system-packages clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

# Debian packages the tests use (Chromium for browser tests, PostgreSQL for storage tests).
system-packages:
	scripts/system-packages

# Serves this computer only (localhost). To serve a network, see "Running it for others" in
# the README: ADDRESS=0.0.0.0 and TOOLKIT_PUBLIC_URL.
ADDRESS ?= localhost
PORT ?= 8501
TOOLKIT_PUBLIC_URL ?= http://localhost:$(PORT)
export TOOLKIT_PUBLIC_URL

run: install
	$(BIN)/toolkit demo --if-empty
	$(BIN)/toolkit setup-link --if-needed
	@echo "Starting the app at http://$(ADDRESS):$(PORT) (Ctrl+C stops it)"
	$(BIN)/streamlit run app.py --server.headless true --server.address $(ADDRESS) --server.port $(PORT)

# For a workshop: the app on the local network too, so that phones on the same Wi-Fi or
# hotspot can join (the Workshops page shows the address they open).
run-workshop:
	$(MAKE) run ADDRESS=0.0.0.0

# For a large event: two app servers on one PostgreSQL database (TOOLKIT_DATABASE_URL) behind
# nginx with sticky sessions; see "Large events" in the README and deploy/.
# (TOOLKIT_PUBLIC_URL only as you set it: make's default above names `make run`'s port.)
run-event: install
	env $(if $(filter environment command,$(origin TOOLKIT_PUBLIC_URL)),,-u TOOLKIT_PUBLIC_URL) deploy/serve-event

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Two workers (pytest-xdist): each group of browser tests in order on one worker, the rest
# spread over both.
test: install system-packages lint
	$(BIN)/python -m pytest -n 2 --dist loadgroup

bench: install system-packages
	$(BIN)/python benchmarks/bench_scoring.py
	$(BIN)/python benchmarks/bench_import.py
	$(BIN)/python benchmarks/bench_app.py
	$(BIN)/python benchmarks/bench_workshop.py
	$(BIN)/python benchmarks/bench_report.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
