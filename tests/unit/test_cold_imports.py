"""What a cold start imports: each handler module imported as Lambda imports it (a fresh interpreter,
production settings, tracing on), so a library the function does not need at import cannot slip back into
its init (docs/decisions.md 26 and cold). Figures are `make bench`'s; this pins which modules are loaded."""

from __future__ import annotations

import json
import subprocess
import sys
from functools import cache
from typing import Any

import pytest

from bench.cold_start import ROOT, _env
from bench.env import handler_modules

PROBE = (
    "import gc, importlib, json, sys\n"
    "importlib.import_module(sys.argv[1])\n"
    "print(json.dumps({'modules': sorted(sys.modules), 'collecting': gc.isenabled(),"
    " 'frozen': gc.get_freeze_count()}))\n"
)
HANDLERS = handler_modules()
WORKERS = [m for m in HANDLERS if not m.endswith("_api") and not m.endswith("chat_webhooks")]

# Never at import, in any handler: each is either not needed by our functions or imported on first use.
NEVER = (
    "aws_lambda_powertools.utilities.batch",  # its import builds every parser model: shared/sqs_batch.py
    "aws_lambda_powertools.utilities.parser",
    "pydantic_settings",  # shared/config.py
    "email_validator",  # shared/models.py EmailAddress
    "jwt",  # shared/auth.py, with the first token
    "cryptography",
    "jinja2",  # notify's templates, with the first message
    "shapely",  # routing's area lookup is plain Python
    "numpy",
)


@cache
def imported(module: str) -> dict[str, Any]:
    command = [sys.executable, "-c", PROBE, module]
    # our interpreter, our probe, our module names
    done = subprocess.run(command, cwd=ROOT, env=_env(), capture_output=True, text=True, check=True)  # noqa: S603
    return dict(json.loads(done.stdout))


def loaded(module: str, package: str) -> bool:
    return any(m == package or m.startswith(package + ".") for m in imported(module)["modules"])


@pytest.mark.parametrize("module", HANDLERS)
def test_no_handler_imports_what_it_does_not_need_at_import(module: str) -> None:
    assert [p for p in NEVER if loaded(module, p)] == []


@pytest.mark.parametrize("module", HANDLERS)
def test_garbage_collection_resumes_once_the_handler_is_imported(module: str) -> None:
    state = imported(module)
    assert state["collecting"] is True
    assert state["frozen"] > 10_000  # what the import made is out of every later collection


@pytest.mark.parametrize("module", WORKERS)
def test_workers_do_not_import_an_http_resolver(module: str) -> None:
    assert not loaded(module, "aws_lambda_powertools.event_handler")


def test_the_handlers_were_found() -> None:
    assert len(HANDLERS) >= 15 and len(WORKERS) >= 10
