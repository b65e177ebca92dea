"""One `POST /v1/reports` through the intake handler against the bare AWS calls it makes.

The bare path is the floor: the same TransactWriteItems (report + timeline/outbox item; the outbox pipe,
not the handler, puts its event on the bus), hand-built with a plain boto3 client against the same
emulator. What the
handler takes above it — validation, routing, serialisation, Powertools, the resource layer — is the
overhead of our code. Runs alternate which path goes first, so neither always follows the other.
"""

from __future__ import annotations

import importlib
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bench.aws_calls import ApiCalls
from bench.emulator import Emulator
from bench.sink import quiet
from bench.steady import Steady
from infra.local.api_server import proxy_event
from infra.local.invoker import LocalContext
from infra.topology import TOPOLOGY, Function, Route

FUNCTION = "intake-api"
PATH = "/v1/reports"
HANDLER = "handler"
BARE = "bare calls"
DESCRIPTION = "Đèn đường hỏng cả tuần nay, tối không thấy đường"
CATEGORY = "dien"
LAT, LON, ADDRESS = 9.1769, 105.1524, "Đường Trần Hưng Đạo"
REPORT = {
    "description": DESCRIPTION,
    "category": CATEGORY,
    "location": {"lat": LAT, "lon": LON, "address": ADDRESS},
}
HEADERS = {"Content-Type": "application/json", "User-Agent": "phananh-bench", "X-Forwarded-For": "127.0.0.1"}

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


@dataclass
class SubmitTimes:
    warmup: int
    iterations: int
    seconds: dict[str, list[float]]  # HANDLER / BARE → one sample per iteration
    own_seconds: list[float]  # per handler sample: its time outside AWS calls
    calls_per_iteration: dict[str, float]


def intake_function() -> Function:
    return TOPOLOGY.function(FUNCTION)


def load_handler(function: Function) -> Handler:
    module_name, attribute = function.handler.rsplit(".", 1)
    with quiet():  # Powertools' Logger binds stdout at import: bind it to the sink
        module = importlib.import_module(module_name)
    handler: Handler = getattr(module, attribute)
    return handler


def post_route(function: Function) -> Route:
    return next(r for r in function.routes if r.method == "POST" and r.path == PATH)


def request(function: Function, region: str) -> tuple[dict[str, Any], LocalContext]:
    """What API Gateway and Lambda hand the handler; built outside the timed region, as they are."""
    event = proxy_event("POST", post_route(function), PATH, {}, "", HEADERS, json.dumps(REPORT).encode())
    context = LocalContext(
        function_name=f"phananh-{function.name}",
        timeout_s=function.timeout_s,
        memory_limit_in_mb=function.memory_mb,
        region=region,
    )
    return event, context


def _submitted_detail(report_id: str, event_id: str, at: str) -> str:
    """The Report.Submitted event as the outbox stores and EventBridge carries it."""
    return json.dumps(
        {
            "type": "Report.Submitted",
            "source": "phananh.intake",
            "event_id": event_id,
            "report_id": report_id,
            "occurred_at": at,
            "actor": "citizen:web",
            "correlation_id": event_id,
            "version": 1,
            "data": {"category": CATEGORY, "channel": "web"},
        }
    )


def _report_item(report_id: str, at: str, now: datetime) -> dict[str, Any]:
    return {
        "pk": {"S": report_id},
        "sk": {"S": "META"},
        "id": {"S": report_id},
        "created_at": {"S": at},
        "updated_at": {"S": at},
        "channel": {"S": "web"},
        "category": {"S": CATEGORY},
        "urgency": {"S": "normal"},
        "description": {"S": DESCRIPTION},
        "location": {
            "M": {
                "lat": {"N": str(LAT)},
                "lon": {"N": str(LON)},
                "address": {"S": ADDRESS},
                "area_code": {"NULL": True},
            }
        },
        "photos": {"L": []},
        "reporter": {"M": {"name": {"NULL": True}, "phone": {"NULL": True}, "email": {"NULL": True}}},
        "status": {"S": "received"},
        "version": {"N": "1"},
        "feed_month": {"S": now.strftime("%Y-%m")},
    }


def _timeline_item(event_key: dict[str, Any], at: str, detail: str) -> dict[str, Any]:
    """The timeline item, which is also the outbox entry the pipe publishes from the table's stream."""
    return {
        **event_key,
        "type": {"S": "Report.Submitted"},
        "actor": {"S": "citizen:web"},
        "status": {"S": "received"},
        "at": {"S": at},
        "event": {"S": detail},
    }


class BareCalls:
    """The handler's one AWS call, with items shaped like the repository's, and nothing else."""

    def __init__(self, emulator: Emulator) -> None:
        self.ddb = emulator.session.client("dynamodb")
        self.table = emulator.resources.env[TOPOLOGY.table("reports").env]

    def __call__(self) -> None:
        report_id = f"BN-{uuid.uuid4().hex[:4].upper()}-{uuid.uuid4().hex[:4].upper()}"
        event_id = str(uuid.uuid4())
        now = datetime.now(UTC)
        at = now.isoformat(timespec="milliseconds")
        detail = _submitted_detail(report_id, event_id, at)
        event_key = {"pk": {"S": report_id}, "sk": {"S": f"EVENT#{at}#{event_id}"}}
        self.ddb.transact_write_items(
            TransactItems=[
                {
                    "Put": {
                        "TableName": self.table,
                        "Item": _report_item(report_id, at, now),
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                },
                {"Put": {"TableName": self.table, "Item": _timeline_item(event_key, at, detail)}},
            ]
        )


def _time_handler(handler: Handler, function: Function, region: str, calls: ApiCalls) -> tuple[float, float]:
    """The handler's time, and the part of it spent outside AWS calls."""
    event, context = request(function, region)
    in_calls = calls.seconds_in_calls
    started = time.perf_counter()
    response = handler(event, context)
    elapsed = time.perf_counter() - started
    in_calls = calls.seconds_in_calls - in_calls
    if response.get("statusCode") != 201:
        raise RuntimeError(f"POST {PATH} answered {response.get('statusCode')}: {response.get('body')}")
    return elapsed, elapsed - in_calls


def _time_bare(bare: BareCalls) -> float:
    started = time.perf_counter()
    bare()
    return time.perf_counter() - started


def measure(emulator: Emulator, calls: ApiCalls, warmup: int, iterations: int) -> SubmitTimes:
    function = intake_function()
    handler = load_handler(function)
    bare = BareCalls(emulator)
    steady = Steady(emulator, calls)
    samples: dict[str, list[float]] = {HANDLER: [], BARE: []}
    own: list[float] = []
    with quiet():
        # Warm-up fills what a warm container has: clients, connections, the directory cache.
        for _ in range(warmup):
            _time_handler(handler, function, emulator.region, calls)
            _time_bare(bare)
        steady()
        with calls.window() as counted:
            for i in range(iterations):
                for path in (HANDLER, BARE) if i % 2 == 0 else (BARE, HANDLER):
                    with calls.caller(path):
                        if path == HANDLER:
                            elapsed, outside = _time_handler(handler, function, emulator.region, calls)
                            samples[path].append(elapsed)
                            own.append(outside)
                        else:
                            samples[path].append(_time_bare(bare))
                    steady()
    per_iteration = {
        path: sum(n for call, n in counted.items() if call.caller == path) / iterations for path in samples
    }
    return SubmitTimes(
        warmup=warmup,
        iterations=iterations,
        seconds=samples,
        own_seconds=own,
        calls_per_iteration=per_iteration,
    )
