# kg: two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench screenshot clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test,extract,server]"
	touch $(STAMP)

## Build the graph and its outputs (out/graph.ttl, graph.jsonld, graph.html) from data/.
run: $(STAMP)
	$(BIN)/kg build --data data --out out

## Run every test.
test: $(STAMP)
	$(BIN)/python -m pytest -q

## Speed and memory benchmarks (not part of the tests).
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

## The README picture: out/graph.png, taken by headless Chromium.
screenshot: $(STAMP)
	$(BIN)/python -m kg.screenshot out/graph.html out/graph.png

clean:
	rm -rf $(VENV) .pytest_cache
