"""How many invocations at once the local run allows a function (LOCAL_CONCURRENCY)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from infra.local import concurrency
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
