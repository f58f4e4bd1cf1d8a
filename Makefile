# Two entry points for a newcomer: `make demo` and `make test` (and `make docs`).
# Both create the virtual environment in .venv when it is missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test test-oldest docs bench clean

# The benchmarks get their own environment: Brian2 needs an older numpy.
BENCH_VENV := .venv-bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the package metadata changes (stamp files).
$(VENV)/.installed: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test,nir,nsg,mpi,hypergraph]"
	touch $@ $(VENV)/.installed

$(VENV)/.installed-docs: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[docs]"
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/python -m l2s.demo

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q

# The documentation site, into docs/_build/html; any warning fails the build.
# It runs the quickstart notebook and the gallery, so it fails when they break.
docs: $(VENV)/.installed-docs
	$(BIN)/python -m sphinx -W --keep-going -q -b html docs docs/_build/html

# The oldest supported stack (Python 3.9 and the CRI servers' packages), when
# pyenv has a Python 3.9; PyMetis 2020.1 builds from source (a C++ compiler).
OLDEST_VENV := .venv-oldest
OLDEST_PYTHON ?= $(shell pyenv prefix 3.9 2>/dev/null)/bin/python

$(OLDEST_VENV)/.installed: setup.cfg pyproject.toml .ci/oldest-versions.txt
	test -x $(OLDEST_VENV)/bin/python || $(OLDEST_PYTHON) -m venv $(OLDEST_VENV)
	$(OLDEST_VENV)/bin/python -m pip install --quiet --upgrade pip wheel
	$(OLDEST_VENV)/bin/python -m pip install --quiet -c .ci/oldest-versions.txt -e ".[test,nsg,mpi]"
	touch $@

test-oldest: $(OLDEST_VENV)/.installed
	$(OLDEST_VENV)/bin/python -m pytest -q -p no:cacheprovider

$(BENCH_VENV)/.installed: setup.cfg pyproject.toml
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/python -m pip install --quiet -e ".[bench,mpi,hypergraph]"
	touch $@

bench: $(BENCH_VENV)/.installed
	$(BENCH_VENV)/bin/python benchmarks/bench_simulator.py
	$(BENCH_VENV)/bin/python benchmarks/bench_compile.py
	$(BENCH_VENV)/bin/python benchmarks/bench_partition.py
	$(BENCH_VENV)/bin/python benchmarks/bench_targets.py
	$(BENCH_VENV)/bin/python benchmarks/bench_distributed.py

clean:
	rm -rf $(VENV) $(BENCH_VENV) $(OLDEST_VENV) build *.egg-info out \
		docs/_build docs/generated docs/auto_examples docs/sg_execution_times.rst
