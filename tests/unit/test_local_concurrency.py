"""How many invocations at once the local run allows a function (LOCAL_CONCURRENCY)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

import pytest
from aws_lambda_powertools.event_handler import APIGatewayRestResolver

from infra.local import concurrency
from infra.local.invoker import Invoker
from infra.topology import TOPOLOGY


def test_a_queue_worker_runs_as_many_batches_at_once_as_the_setting() -> None:
    worker = TOPOLOGY.function("notify-worker")
    assert concurrency.invocations_at_once(worker, 4) == 4


def test_a_reserved_concurrency_caps_the_setting() -> None:
    one_at_a_time = replace(TOPOLOGY.function("sla-stats"), reserved_concurrency=1)
    assert concurrency.invocations_at_once(one_at_a_time, 4) == 1


def test_an_api_function_is_invoked_one_event_at_a_time() -> None:
    assert concurrency.invocations_at_once(TOPOLOGY.function("notify-api"), 4) == 1


def test_the_setting_is_read_from_the_environment_and_bounded() -> None:
    assert concurrency.from_env({}) == concurrency.DEFAULT
    assert concurrency.from_env({"LOCAL_CONCURRENCY": "1"}) == 1
    with pytest.raises(ValueError, match="LOCAL_CONCURRENCY"):
        concurrency.from_env({"LOCAL_CONCURRENCY": "0"})


_inside = {"now": 0, "most": 0}
_inside_lock = threading.Lock()


def overlapping_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """A handler that notes how many invocations are inside it at once."""
    with _inside_lock:
        _inside["now"] += 1
        _inside["most"] = max(_inside["most"], _inside["now"])
    time.sleep(0.05)
    with _inside_lock:
        _inside["now"] -= 1
    return {}


def _most_at_once(invokers: list[Invoker]) -> int:
    _inside.update(now=0, most=0)
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda n: invokers[n % len(invokers)]({}), range(8)))
    return _inside["most"]


def test_two_api_functions_are_never_invoked_at_once() -> None:
    handler = f"{__name__}.overlapping_handler"
    apis = [replace(TOPOLOGY.function(name), handler=handler) for name in ("intake-api", "staff-api")]
    slots = concurrency.shared_slots(apis)
    invokers = [Invoker(f, "ap-southeast-1", 1, slots.get(f.name)) for f in apis]
    assert _most_at_once(invokers) == 1


def test_queue_workers_keep_their_own_invocations_at_once() -> None:
    worker = replace(TOPOLOGY.function("notify-worker"), handler=f"{__name__}.overlapping_handler")
    assert concurrency.shared_slots([worker]) == {}
    assert _most_at_once([Invoker(worker, "ap-southeast-1", 4)]) > 1


def test_powertools_resolvers_share_the_current_event_between_them() -> None:
    """Why API functions take turns: a route of one resolver reads another resolver's request."""
    first, second = APIGatewayRestResolver(), APIGatewayRestResolver()
    first.resolve(_event("/first"), None)  # type: ignore[arg-type]
    assert second.current_event.path == "/first"


def _event(path: str) -> dict[str, Any]:
    context = {"resourcePath": path, "httpMethod": "GET", "stage": "local"}
    return {"path": path, "httpMethod": "GET", "headers": {}, "requestContext": context, "resource": path}
