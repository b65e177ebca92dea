# Phản ánh hiện trường — the two commands a newcomer needs are `make run` and `make test`.
# Everything else is set up by these targets from the project's own files.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
CDK    := node_modules/.bin/cdk
STAGE  ?= dev
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 20
export CDK_DISABLE_CLI_TELEMETRY := true
export AWS_ACCOUNT_ID_ENDPOINT_MODE := disabled

.PHONY: help run test lint format typecheck unit integration infra-test e2e synth diff deploy bench clean

help:
	@echo "make run     start the whole system locally (emulated AWS, demo province)"
	@echo "make test    lint, type-check and run every test"
	@echo "make synth   synthesize the CDK stack (STAGE=$(STAGE))"
	@echo "make bench   print the benchmark figures"

$(STAMP): requirements/lambda.txt requirements/dev.txt requirements/constraints.txt
	@echo "==> Creating the virtual environment and installing Python packages (first run: a few minutes)"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(PY) -m pip install --disable-pip-version-check --progress-bar off -q \
		-r requirements/dev.txt -c requirements/constraints.txt
	@touch $@
	@echo "==> Python packages ready"

$(CDK): package.json
	@echo "==> Installing the AWS CDK CLI (pinned 2.x) with npm"
	@npm install --no-save --loglevel=error
	@touch $@

run: $(STAMP)
	@$(PY) -m infra.local

test: $(STAMP) $(CDK) lint typecheck
	@echo "==> Running the test suite (unit, integration, infra, e2e)"
	@$(PY) -m pytest

lint: $(STAMP)
	@echo "==> ruff"
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .

format: $(STAMP)
	@$(VENV)/bin/ruff format .
	@$(VENV)/bin/ruff check --fix .

typecheck: $(STAMP)
	@echo "==> mypy"
	@$(VENV)/bin/mypy

unit: $(STAMP)
	@$(PY) -m pytest tests/unit
integration: $(STAMP)
	@$(PY) -m pytest tests/integration
infra-test: $(STAMP)
	@$(PY) -m pytest tests/infra
e2e: $(STAMP)
	@$(PY) -m pytest tests/e2e

synth: $(STAMP) $(CDK)
	@$(CDK) synth --no-notices --quiet -c stage=$(STAGE)
	@echo "==> Template written to cdk.out/"

diff: $(STAMP) $(CDK)
	@$(CDK) diff --no-notices -c stage=$(STAGE)

deploy: $(STAMP) $(CDK)
	@$(CDK) deploy --no-notices -c stage=$(STAGE) --require-approval broadening

bench: $(STAMP)
	@$(PY) -m bench

clean:
	rm -rf $(VENV) node_modules cdk.out .build .local .pytest_cache .mypy_cache .ruff_cache
