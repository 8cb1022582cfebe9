# Two commands on a fresh machine: `make demo` and `make test`.
# The virtual environment lives in .venv at the repo root; torch is installed first from the
# CPU wheel pinned below, because anything that pulls torch in by itself fetches a multi-GB CUDA build.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TORCH_PIN := torch==2.13.0
STAMP := $(VENV)/.voc-installed

.PHONY: venv demo test test-fast lint typecheck bench browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade pip >/dev/null

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install "$(TORCH_PIN)"
	$(BIN)/pip install -e ".[dev]"
	@touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/voc analyze corpora/demo/comments.xlsx
	$(BIN)/voc analyze corpora/demo/voc-project.toml --out corpora/demo/customers_voc.xlsx

test: $(STAMP)
	$(BIN)/ruff check src cli tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest -m "slow or not slow" -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check src cli tests benchmarks
	$(BIN)/ruff format --check src cli tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
