# The two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
PYENV_ROOT ?= $(shell pyenv root 2>/dev/null || echo $$HOME/.pyenv)
PYTHON310 ?= $(firstword $(wildcard $(PYENV_ROOT)/versions/3.10.*/bin/python3.10) $(shell command -v python3.10 2>/dev/null))
VENV := .venv
PY := $(VENV)/bin/python
# Tools and the rules core outside the Rasa layer run on the machine's newer Python (3.11+).
PYTHON3 ?= $(firstword $(wildcard $(PYENV_ROOT)/versions/3.11.*/bin/python3.11) $(shell command -v python3 2>/dev/null))
VENV3 := .venv-py3
PY3 := $(VENV3)/bin/python
STAMP3 := $(VENV3)/.installed
RASA := $(VENV)/bin/rasa
STAMP := $(VENV)/.installed
MODEL := models/senco.tar.gz
MODEL_INPUTS := config.yml domain.yml $(shell find data components -type f \( -name '*.yml' -o -name '*.py' \) 2>/dev/null)
export PYTHONPATH := $(CURDIR)
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 2
export RASA_TELEMETRY_ENABLED := false
# endpoints.yml reads these; defaults for a laptop (scripts/run.sh and the tests set their own).
export ACTION_ENDPOINT_URL ?= http://localhost:$(or $(ACTION_PORT),5055)/webhook
export TRACKER_DB ?= $(CURDIR)/.rasa/tracker.db

# The rules core on its own (pyproject.toml), on every newer Python pyenv has (3.11 and later):
# built once into a wheel from a clean copy of its files, installed without the repository into
# a venv per Python (.venv-py3.NN-rules), and its tests run there against the installed copy.
PYTHONS_NEWER ?= $(sort $(wildcard $(PYENV_ROOT)/versions/3.1[1-9].*/bin/python3.1[1-9]))
RULES_VENVS := $(foreach python,$(PYTHONS_NEWER),.venv-py$(subst python,,$(notdir $(python)))-rules)
RULES_DIST_FILES := pyproject.toml README.md $(shell find rules_core \( -name tests -o -name __pycache__ \) -prune \
                      -o -type f ! -name '*.pyc' -print 2>/dev/null)
RULES_BUILD := build/rules_core
RULES_WHEEL := $(RULES_BUILD)/.built

.PHONY: run run-production shell train test test-blind-all lint chromium test-fast test-deploy test-pythons validate bench bench-batch bench-load retention venv clean images

venv: $(STAMP)

$(STAMP): requirements.txt
	@test -n "$(PYTHON310)" || { echo "Python 3.10 not found (looked in $(PYENV_ROOT)/versions and PATH)"; exit 1; }
	test -x $(PY) || $(PYTHON310) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip wheel
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

$(STAMP3): requirements-py3.txt
	@test -n "$(PYTHON3)" || { echo "Python 3.11+ not found"; exit 1; }
	test -x $(PY3) || $(PYTHON3) -m venv $(VENV3)
	$(PY3) -m pip install --quiet --upgrade pip
	$(PY3) -m pip install --quiet -r requirements-py3.txt
	touch $(STAMP3)

# Train only when the model is older than the data, domain, config or components; then train
# everything afresh (--force): Rasa's cache keys on config and data, not on our components' code,
# so a changed featurizer would otherwise meet a classifier trained on the old features.
$(MODEL): $(STAMP) $(MODEL_INPUTS)
	$(RASA) train --fixed-model-name senco --out models --quiet --force

train: $(MODEL)

run: $(MODEL)
	scripts/run.sh

shell: $(MODEL)
	scripts/shell.sh

# Production on one machine: PostgreSQL, Redis, several Rasa instances (README "Deploying").
run-production: $(MODEL)
	scripts/run_production.sh

# Deletes conversations idle for more than DAYS days (default 90) from the tracker store that
# ENDPOINTS configures (default endpoints.yml; endpoints.production.yml in production).
DAYS ?= 90
ENDPOINTS ?= endpoints.yml
retention: $(STAMP)
	$(PY) -m stores.retention --days $(DAYS) --endpoints $(ENDPOINTS)

validate: $(STAMP)
	scripts/validate.sh

# Unit tests only (no model needed).
test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not slow"

# rules_core/tests on each Python from PYTHONS_NEWER, against rules_core installed on its own.
test-pythons: $(addsuffix /.installed,$(RULES_VENVS))
	@test -n "$(RULES_VENVS)" || { echo "no Python 3.11+ found in $(PYENV_ROOT)/versions"; exit 1; }
	@set -e; for venv in $(RULES_VENVS); do \
	  echo "rules_core/tests on $$($$venv/bin/python --version), rules_core installed on its own:"; \
	  (cd $$venv && env -u PYTHONPATH bin/python -P $(CURDIR)/rules_core/tests/against_installed.py -q); \
	done

$(RULES_WHEEL): $(STAMP3) $(RULES_DIST_FILES)
	rm -rf $(RULES_BUILD) && mkdir -p $(RULES_BUILD)/source
	cp --parents $(RULES_DIST_FILES) $(RULES_BUILD)/source/
	$(PY3) -m pip wheel --quiet --no-deps --wheel-dir $(RULES_BUILD) $(RULES_BUILD)/source
	touch $@

# Its test tools at the versions requirements-py3.txt pins, then the freshly built wheel.
.venv-py%-rules/.installed: $(RULES_WHEEL) requirements-py3.txt
	test -x $(@D)/bin/python || $(filter %/python$*,$(PYTHONS_NEWER)) -m venv $(@D)
	$(@D)/bin/python -m pip install --quiet -c requirements-py3.txt "$$(ls $(RULES_BUILD)/*.whl)[test]"
	$(@D)/bin/python -m pip install --quiet --no-deps --force-reinstall $(RULES_BUILD)/*.whl
	touch $@

# Everything, as CI runs it (.ci/run): lint and types, Rasa's data checks, every test (the slow
# ones start servers and browsers, and drive the blind conversations), Rasa's story and NLU tests,
# the deployment checks, the rules core on each newer Python; then the freshness report, which
# says what to re-check against the law and never fails the build.
test: $(MODEL) lint chromium
	scripts/validate.sh
	$(PY) -m pytest -q
	scripts/test_conversations.sh
	$(MAKE) --no-print-directory test-deploy test-pythons
	-$(PY) -m rules_core.freshness

# Every blind tuning set, not only the newest that `make test` drives (about 4,000 conversations).
test-blind-all: $(MODEL)
	BLIND_SETS=all $(PY) -m pytest -q tests/conversations/test_blind_suite.py

# The browser tests drive Debian's Chromium and ChromeDriver, which a fresh machine does not have:
# installed from Debian's packages when missing (as root; others are told the command).
chromium:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
	  [ "$$(id -u)" = 0 ] || { echo "The browser tests need Debian's Chromium: sudo apt-get install -y chromium chromium-driver"; exit 1; }; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; }

# ruff (lint and format) over the repository, mypy over the rules core, actions and readers;
# settings in pyproject.toml.
lint: $(STAMP) $(STAMP3)
	$(VENV3)/bin/ruff check .
	$(VENV3)/bin/ruff format --check .
	$(PY) -m mypy

# The deployment checks (README "Kubernetes"): both kustomizations render and validate offline,
# the policies hold, hadolint passes. Tools from requirements-py3.txt, so under .venv-py3.
test-deploy: $(STAMP3)
	$(PY3) -m pytest -q tests/deploy

# The container images (Dockerfile), with podman or docker, carrying the trained model:
#   make images IMAGE_PREFIX=registry.example.org/senco/ TAG=2026-11-30
IMAGE_PREFIX ?= senco-
TAG ?= local
CONTAINER_TOOL ?= $(firstword $(shell command -v podman docker 2>/dev/null))
images: $(MODEL)
	@test -n "$(CONTAINER_TOOL)" || { echo "make images needs podman or docker"; exit 1; }
	for target in rasa actions web; do \
	  $(CONTAINER_TOOL) build --target $$target --tag $(IMAGE_PREFIX)$$target:$(TAG) . || exit 1; done

bench: $(STAMP)
	$(PY) bench/rules_core_bench.py

# python -m rules_core.batch on 10,000 rows (target 2 s), and the /team page's reply.
bench-batch: $(STAMP)
	$(PY) bench/batch_bench.py

# Load: our assistant against Rasa's moodbot at 1, 8 and 32 users (results/load_bench.csv, .png).
bench-load: $(MODEL)
	$(PY) bench/load_bench.py

clean:
	rm -rf $(VENV) $(VENV3) $(RULES_VENVS) build models .pytest_cache .hypothesis results
