"""Counts every botocore API call made on one thread, by caller, service and operation.

Patching `BaseClient._make_api_call` sees every client — ours, Powertools' idempotency layer's, the
queue pollers' — without touching their code. Only the thread that opened the window is counted: the
emulator serves requests on its own threads and must not show up as a caller.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple

from botocore import xform_name
from botocore.client import BaseClient

# Calls made outside any handler: in the cloud, Lambda's event source mapping makes them, not our code.
PLUMBING = "queue plumbing"
# The outbox pipe's PutEvents: in the cloud, EventBridge Pipes makes them from the table's stream.
PIPE = "outbox pipe"
NOT_OURS = (PLUMBING, PIPE)


class Call(NamedTuple):
    caller: str
    service: str
    operation: str


Observer = Callable[[Call, dict[str, Any], dict[str, Any]], None]


class Invocation(NamedTuple):
    function: str
    seconds: float
    seconds_in_calls: float  # waiting on AWS: the rest is the function's own (CPU) time


class ApiCalls:
    def __init__(self) -> None:
        self._counts: Counter[Call] | None = None
        self._caller = PLUMBING
        self._thread = threading.get_ident()
        self.seconds_in_calls = 0.0  # running total over counted calls: a caller's own time is the rest
        # Told of each counted call's parameters and answer (the cost model sizes DynamoDB items with it).
        self.observers: list[Observer] = []
        self.invocations: list[Invocation] = []  # of the labelled handlers, while a window is open
        self.seconds_observing = 0.0  # the observers' own time, taken out of the invocations'

    @contextmanager
    def installed(self) -> Iterator[ApiCalls]:
        # The stubs do not declare this private method, hence getattr/setattr.
        original: Callable[[BaseClient, str, dict[str, Any]], Any] = getattr(BaseClient, "_make_api_call")  # noqa: B009
        counter = self

        def counting(client: BaseClient, operation_name: str, api_params: dict[str, Any]) -> Any:
            counts = counter._counts
            if counts is None or threading.get_ident() != counter._thread:
                return original(client, operation_name, api_params)
            service = client.meta.service_model.service_name
            call = Call(counter._caller, service, xform_name(operation_name))
            counts[call] += 1
            started = time.perf_counter()
            try:
                result = original(client, operation_name, api_params)
            finally:
                counter.seconds_in_calls += time.perf_counter() - started
            observed = time.perf_counter()
            with counter.paused():
                for observe in counter.observers:
                    observe(call, api_params, result)
            counter.seconds_observing += time.perf_counter() - observed
            return result

        setattr(BaseClient, "_make_api_call", counting)  # noqa: B010
        try:
            yield self
        finally:
            setattr(BaseClient, "_make_api_call", original)  # noqa: B010

    @contextmanager
    def window(self) -> Iterator[Counter[Call]]:
        """Counts the calls made inside the block into the returned Counter."""
        counts: Counter[Call] = Counter()
        self._counts, self._thread = counts, threading.get_ident()
        try:
            yield counts
        finally:
            self._counts = None

    @contextmanager
    def paused(self) -> Iterator[None]:
        """For the harness's own checks, which are no part of what a report costs."""
        counts, self._counts = self._counts, None
        try:
            yield
        finally:
            self._counts = counts

    @contextmanager
    def label(self, name: str) -> Iterator[None]:
        """Counts the block's calls under `name`, which is no function: no invocation is recorded."""
        previous, self._caller = self._caller, name
        try:
            yield
        finally:
            self._caller = previous

    @contextmanager
    def caller(self, name: str) -> Iterator[None]:
        previous, self._caller = self._caller, name
        counting = self._counts is not None
        started, waited, observing = time.perf_counter(), self.seconds_in_calls, self.seconds_observing
        try:
            yield
        finally:
            self._caller = previous
            if counting:
                seconds = time.perf_counter() - started - (self.seconds_observing - observing)
                self.invocations.append(Invocation(name, seconds, self.seconds_in_calls - waited))
