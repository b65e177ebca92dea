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

.PHONY: help run test lint format typecheck unit integration infra-test e2e synth diff deploy bench clean \
	web web-check browser chromium reliability

help:
	@echo "The two commands:"
	@echo "  make run          install what is missing, then start the whole system locally (Ctrl-C stops it)"
	@echo "  make test         install, then lint, type-check and run every test"
	@echo "Parts of the tests:"
	@echo "  make unit         unit tests (in-memory fakes)"
	@echo "  make integration  integration tests (handlers against moto)"
	@echo "  make infra-test   the CDK stack and the Lambda assets"
	@echo "  make e2e          end-to-end tests against the local runner"
	@echo "  make browser      browser tests (Playwright + Debian's chromium)"
	@echo "  make reliability  the local run under injected AWS faults and redelivery, 200 reports: nothing lost or doubled (3–6 min)"
	@echo "  make lint         ruff check and format check"
	@echo "  make format       ruff format and autofix"
	@echo "  make typecheck    mypy (the first run builds its cache: a couple of minutes)"
	@echo "The web app:"
	@echo "  make web          build it (web/dist, served by make run)"
	@echo "  make web-check    its API types, TypeScript and Vitest"
	@echo "  make chromium     install Debian's chromium for the browser tests"
	@echo "Figures and the cloud:"
	@echo "  make bench        print the benchmark figures"
	@echo "  make synth        synthesize the CDK stack (STAGE=$(STAGE)), offline"
	@echo "  make diff         what a deploy would change (AWS credentials needed)"
	@echo "  make deploy       deploy STAGE (AWS credentials, a bootstrapped account and the runtime's Python needed)"
	@echo "  make clean        remove everything installed or built"
	@echo "  make help         this list"
	@echo "Settings (environment variables or make VAR=value):"
	@echo "  PORT=8080                 the API and web app of make run"
	@echo "  AWS_EMULATOR_PORT=4566    the AWS emulator (default taken: another port, said; set and taken: stops)"
	@echo "  SWEEP_SECONDS=30          the SLA sweep's period in make run"
	@echo "  PHANANH_LOCAL_DIR=.local  where make run writes outputs.json (ops commands read it there)"
	@echo "  FRESH=1                   make run starts from the demo province, not from the data kept"
	@echo "                            at the last stop (in PHANANH_LOCAL_DIR/snapshot)"
	@echo "  WEB_TILES_URL=            a map tile server for the web app (none: ward outlines only)"
	@echo "  POWERTOOLS_LOG_LEVEL=WARNING  the handlers' log level in make run"
	@echo "  FAULTS=                   make run: fail a share of the handlers' AWS calls, e.g."
	@echo "                            dynamodb.Query=0.2,dynamodb.TransactWriteItems=0.05:after (off by default)"
	@echo "  FAULTS_SEED=17            the seed of FAULTS' draws (a run can be repeated)"
	@echo "  REDELIVER=1               make run: hand every SQS message to its worker this many times"
	@echo "  STAGE=$(STAGE)                 the stage synth, diff and deploy work on"
	@echo "  PYTHON=$(PYTHON)            the Python that creates .venv (3.11+)"

$(STAMP): requirements/lambda.txt requirements/dev.txt requirements/constraints.txt
	@echo "==> Creating the virtual environment and installing Python packages (first run: about 2 minutes)"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	@# One line per package as pip collects it, so a long first install shows it is moving.
	@{ $(PY) -m pip install --disable-pip-version-check --progress-bar off \
		-r requirements/dev.txt -c requirements/constraints.txt 2>&1; echo $$? > $(VENV)/pip-install.rc; } \
		| tee $(VENV)/pip-install.log | grep --line-buffered '^Collecting' \
		| sed -u 's/^Collecting \([^ ]*\).*/    collecting \1/'; \
		rc=$$(cat $(VENV)/pip-install.rc); [ "$$rc" = 0 ] || { cat $(VENV)/pip-install.log; exit $$rc; }
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

# The citizen web app (web/): its packages from the committed lock file, then the Vite build that the local
# runner serves on the API's origin. Rebuilt only when a source file changed.
WEB_STAMP := web/node_modules/.installed
WEB_DIST  := web/dist/index.html
WEB_SRC   := $(shell find web/src web/public web/docs web/scripts -type f 2>/dev/null) \
	web/index.html web/vite.config.ts web/tsconfig.json

$(WEB_STAMP): web/package.json web/package-lock.json
	@echo "==> Installing the web app's packages (npm ci in web/)"
	@cd web && npm ci --loglevel=error --no-fund --no-audit
	@touch $@

$(WEB_DIST): $(WEB_STAMP) $(WEB_SRC)
	@echo "==> Building the web app (vite build → web/dist)"
	@cd web && npm run --silent build
	@touch $@

web: $(WEB_DIST)

# The app's own checks: the generated API types match shared/openapi.json, TypeScript strict, Vitest.
web-check: $(WEB_STAMP)
	@echo "==> Web app: API types in step with shared/openapi.json"
	@cd web && npm run --silent check:types
	@echo "==> Web app: TypeScript (tsc --noEmit)"
	@cd web && npm run --silent typecheck
	@echo "==> Web app: unit tests (Vitest)"
	@cd web && npm run --silent test

# The browser tests drive Debian's Chromium (Playwright's own browser download cannot work here).
chromium:
	@if ! command -v chromium >/dev/null 2>&1; then \
		echo "==> Installing Debian's chromium for the browser tests (apt-get; a few minutes)"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
		echo "==> chromium ready: $$(command -v chromium)"; \
	fi

run: $(STAMP) $(WEB_DIST)
	@$(PY) -m infra.local

test: $(STAMP) $(CDK) $(HOST_LAYER)/.built $(WEB_DIST) chromium lint typecheck web-check
	@echo "==> Running the test suite (unit, integration, infra, e2e, browser, reliability)"
	@$(PY) -m pytest

lint: $(STAMP)
	@echo "==> ruff"
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .

format: $(STAMP)
	@$(VENV)/bin/ruff format .
	@$(VENV)/bin/ruff check --fix .

typecheck: $(STAMP)
	@if [ -d .mypy_cache ]; then echo "==> mypy"; \
		else echo "==> mypy: the first run builds its cache (a couple of minutes, silent); later runs take seconds"; fi
	@start=$$(date +%s); $(VENV)/bin/mypy && echo "    done in $$(( $$(date +%s) - start )) s"

unit: $(STAMP)
	@$(PY) -m pytest tests/unit
integration: $(STAMP)
	@$(PY) -m pytest tests/integration
infra-test: $(STAMP) $(HOST_LAYER)/.built
	@$(PY) -m pytest tests/infra
e2e: $(STAMP)
	@$(PY) -m pytest tests/e2e
browser: $(STAMP) $(WEB_DIST) chromium
	@$(PY) -m pytest tests/browser
reliability: $(STAMP)
	@$(PY) -m pytest tests/reliability

synth: $(STAMP) $(CDK)
	@$(CDK) synth --no-notices --quiet -c stage=$(STAGE)
	@echo "==> Template written to cdk.out/"

diff: $(STAMP) $(CDK)
	@$(CDK) diff --no-notices -c stage=$(STAGE)

deploy: $(STAMP) $(CDK)
	@$(PY) -m infra.build.bytecode
	@$(CDK) deploy --no-notices -c stage=$(STAGE) --require-approval broadening

bench: $(STAMP) $(WEB_DIST) chromium
	@$(PY) -m bench

clean:
	rm -rf $(VENV) node_modules cdk.out .build .local .pytest_cache .mypy_cache .ruff_cache \
		web/node_modules web/dist
