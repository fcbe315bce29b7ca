# The two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
PYENV_ROOT ?= $(shell pyenv root 2>/dev/null || echo $$HOME/.pyenv)
PYTHON310 ?= $(firstword $(wildcard $(PYENV_ROOT)/versions/3.10.*/bin/python3.10) $(shell command -v python3.10 2>/dev/null))
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: test test-rules-core venv bench clean

venv: $(STAMP)

$(STAMP): requirements.txt
	@test -n "$(PYTHON310)" || { echo "Python 3.10 not found (looked in $(PYENV_ROOT)/versions and PATH)"; exit 1; }
	test -x $(PY) || $(PYTHON310) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip wheel
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

test-rules-core: $(STAMP)
	$(PY) -m pytest -q rules_core/tests

test: $(STAMP)
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) bench/rules_core_bench.py

clean:
	rm -rf $(VENV) models .pytest_cache .hypothesis
