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

from bench.cold_start import ROOT, import_env
from bench.env import handler_modules

PROBE = (
    "import gc, importlib, json, sys\n"
    "importlib.import_module(sys.argv[1])\n"
    "print(json.dumps({'modules': sorted(sys.modules), 'collecting': gc.isenabled(),"
    " 'frozen': gc.get_freeze_count()}))\n"
)
BUILT = (
    "import importlib, json, sys\n"
    "from pydantic import BaseModel\n"
    "importlib.import_module(sys.argv[1])\n"
    "models = importlib.import_module(sys.argv[2])\n"
    "print(json.dumps(sorted(n for n, c in vars(models).items() if isinstance(c, type)"
    " and issubclass(c, BaseModel) and c.__module__ == models.__name__ and c.__pydantic_complete__)))\n"
)
BUILT_TWICE = (
    "import collections, importlib, json, sys\n"
    "from pydantic._internal import _model_construction as construction\n"
    "complete, builds = construction.complete_model_class, collections.Counter()\n"
    "def counted(cls, *args, **kwargs):\n"
    "    builds[f'{cls.__module__}.{cls.__qualname__}'] += 1\n"
    "    return complete(cls, *args, **kwargs)\n"
    "construction.complete_model_class = counted\n"
    "importlib.import_module(sys.argv[1])\n"
    "print(json.dumps(sorted(name for name, times in builds.items() if times > 1)))\n"
)
# The builtins whose signature Python parses from its text (with its tokenizer) while a handler is imported.
SIGNATURES_PARSED = (
    "import importlib, inspect, json, sys\n"
    "parse, parsed = inspect._signature_fromstr, []\n"
    "def counted(cls, obj, *args, **kwargs):\n"
    "    parsed.append(getattr(obj, '__qualname__', repr(obj)))\n"
    "    return parse(cls, obj, *args, **kwargs)\n"
    "inspect._signature_fromstr = counted\n"
    "importlib.import_module(sys.argv[1])\n"
    "print(json.dumps(parsed))\n"
)
HANDLERS = handler_modules()
WORKERS = [m for m in HANDLERS if not m.endswith("_api") and not m.endswith("chat_webhooks")]
# The functions that compute working time with (nearly) every event, so import the holiday calendar with
# their init; any other imports it with the first date it looks up (shared/working_time.py).
WORKING_TIME_EVERY_EVENT = {
    "services.routing.handlers.routing_worker",  # a submitted report assigned, with its deadlines
    "services.sla.handlers.sla_worker",
    "services.sla.handlers.sla_stats",
}

# Never at import, in any handler: each is either not needed by our functions or imported on first use.
NEVER = (
    "aws_lambda_powertools.utilities.batch",  # its import builds every parser model: shared/sqs_batch.py
    "aws_lambda_powertools.utilities.parser",
    "pydantic_settings",  # shared/config.py
    "email_validator",  # shared/models.py EmailAddress
    "pydantic.networks",  # the same, with the first address checked
    "jwt",  # shared/auth.py, with the first token
    "cryptography",
    "jinja2",  # notify's templates, with the first message
    "shapely",  # routing's area lookup is plain Python
    "numpy",
)


def _run(*args: str) -> Any:
    # our interpreter, our probes, our module names
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", *args], cwd=ROOT, env=import_env(), capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


@cache
def imported(module: str) -> dict[str, Any]:
    return dict(_run(PROBE, module))


def built(handler: str, models: str) -> list[str]:
    """The pydantic models of `models` whose validators exist once `handler` is imported."""
    return list(_run(BUILT, handler, models))


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


@pytest.mark.parametrize("module", HANDLERS)
def test_only_the_functions_computing_working_time_with_every_event_import_the_holiday_calendar(
    module: str,
) -> None:
    assert loaded(module, "holidays") is (module in WORKING_TIME_EVERY_EVENT)


@pytest.mark.parametrize("module", HANDLERS)
def test_no_model_is_built_twice_at_import(module: str) -> None:
    # A model naming one defined further down is attempted, given up and built again by `model_rebuild`.
    assert _run(BUILT_TWICE, module) == []


@pytest.mark.parametrize("module", HANDLERS)
def test_no_signature_is_parsed_from_text_at_import(module: str) -> None:
    # pydantic reads each default factory's signature: `list`'s is parsed by the tokenizer (shared.models).
    assert _run(SIGNATURES_PARSED, module) == []


@pytest.mark.parametrize(
    ("handler", "models"),
    [
        ("services.routing.handlers.staff_api", "services.routing.models.staff"),
        ("services.routing.handlers.staff_api", "services.routing.models.directory"),
        ("services.routing.handlers.staff_api", "services.routing.models.actions"),
        ("services.sla.handlers.sla_worker", "services.sla.models"),
        ("services.sla.handlers.stats_api", "services.sla.models"),
        ("services.notify.handlers.notify_worker", "services.notify.models"),
        ("services.notify.handlers.notify_api", "services.notify.models"),
        ("services.intake.handlers.intake_api", "services.intake.models"),
        ("services.intake.handlers.photo_worker", "services.intake.models"),
        ("services.intake.handlers.intake_api", "services.intake.logic.areas"),
    ],
)
def test_the_api_routes_models_are_built_by_their_first_request_not_at_import(
    handler: str, models: str
) -> None:
    # What is built at import is what the workers and the report's submission use on every call.
    every_call = {"SlaSettings", "NotifySettings", "LogEntry", "Delivery", "Rendered", "SigningSecret",
                  "Endpoint", "WebhookDelivery", "LocationIn", "SubmitReport", "Submitted", "StoredOutcome",
                  "Upload"}  # fmt: skip
    assert set(built(handler, models)) <= every_call


def test_the_handlers_were_found() -> None:
    assert len(HANDLERS) >= 15 and len(WORKERS) >= 10
