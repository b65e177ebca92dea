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

# The Lambda layer's packages built for this machine (the real layer is arm64), so a test can import every
# handler with nothing but its code asset and the layer on sys.path.
HOST_LAYER := .build/layer-host
$(HOST_LAYER)/.built: requirements/lambda.txt requirements/constraints.txt | $(STAMP)
	@echo "==> Building the Lambda layer for this machine (for the asset import test)"
	@rm -rf $(HOST_LAYER) && mkdir -p $(HOST_LAYER)
	@$(PY) -m pip install --quiet --quiet --disable-pip-version-check --no-compile --only-binary=:all: \
		--target $(HOST_LAYER)/python -r requirements/lambda.txt -c requirements/constraints.txt
	@touch $@

$(CDK): package.json
	@echo "==> Installing the AWS CDK CLI (pinned 2.x) with npm"
	@npm install --no-save --loglevel=error
	@touch $@

run: $(STAMP)
	@$(PY) -m infra.local

test: $(STAMP) $(CDK) $(HOST_LAYER)/.built lint typecheck
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
infra-test: $(STAMP) $(HOST_LAYER)/.built
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
