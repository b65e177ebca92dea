"""Calls a topology function's handler the way Lambda would: by default one invocation at a time.

Lambda never runs two events concurrently in one container; Powertools' resolver relies on it (it keeps
the current event on the app), so an API function is invoked one event at a time. A queue's worker may be
given `concurrency` > 1: Lambda then runs that many containers at once; here they share one process, so
the worker's module-level state must be safe across threads (docs/local-run.md, "Under load").
"""

from __future__ import annotations

import importlib
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from infra.local.faults import handler_running
from infra.topology import Function

ACCOUNT = "123456789012"


@dataclass
class LocalContext:
    """The attributes of the Lambda context object that handlers and Powertools read."""

    function_name: str
    timeout_s: int
    memory_limit_in_mb: int
    region: str
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    function_version: str = "$LATEST"
    _deadline: float = 0.0

    def __post_init__(self) -> None:
        self._deadline = time.monotonic() + self.timeout_s
        self.invoked_function_arn = f"arn:aws:lambda:{self.region}:{ACCOUNT}:function:{self.function_name}"
        self.log_group_name = f"/aws/lambda/{self.function_name}"
        self.log_stream_name = "local"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


class Invoker:
    def __init__(
        self,
        function: Function,
        region: str,
        concurrency: int = 1,
        slots: threading.Semaphore | None = None,
    ) -> None:
        self.function = function
        self.region = region
        module_name, attribute = function.handler.rsplit(".", 1)
        self._handler: Callable[[dict[str, Any], Any], Any] = getattr(
            importlib.import_module(module_name), attribute
        )
        self.concurrency = max(1, concurrency)
        # Given: admissions shared with other functions' invokers (concurrency.shared_slots)
        self._slots = slots or threading.BoundedSemaphore(self.concurrency)

    def __call__(self, event: dict[str, Any]) -> Any:
        context = LocalContext(
            function_name=f"phananh-{self.function.name}",
            timeout_s=self.function.timeout_s,
            memory_limit_in_mb=self.function.memory_mb,
            region=self.region,
        )
        with self._slots, handler_running():
            return self._handler(event, context)
