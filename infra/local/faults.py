"""Fault injection for the local run: `FAULTS`, `FAULTS_SEED` and `REDELIVER` (docs/local-run.md).

`FAULTS` is a comma-separated list of `service.Operation=fraction[:after]`. That share of the calls the
handlers make to that operation fails with a retryable AWS error — throttling, 500, 503, in turn:
- before (the default): the request never reaches the emulator. The failure is an AWS error *response*,
  injected on botocore's `before-send` event, so the client's own retry policy sees it exactly as it
  would see AWS throttling in the cloud (and retries it, as in production);
- `:after`: the call took effect, then the caller gets the error (raised on `after-call`, past the
  client's retries): what a timeout after the write produces.
The hooks are registered on the boto3 session the handlers' clients are built from, in the local runner's
process only; production code knows nothing of them. Only calls made while a handler runs are counted
(the runner's own queue polling and seeding are not), through the `gate` the runner passes in.
A seeded RNG (`FAULTS_SEED`) makes a run's sequence of draws reproducible.
"""

from __future__ import annotations

import json
import random
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import boto3
from botocore.awsrequest import AWSResponse
from botocore.exceptions import ClientError
from botocore.hooks import BaseEventHooks
from botocore.model import OperationModel

DEFAULT_SEED = 17
MAX_DELIVERIES = 10
# (code, HTTP status) for each kind of failure, used in turn; every one is retryable by botocore.
ERRORS = (("ThrottlingException", 400), ("InternalFailure", 500), ("ServiceUnavailable", 503))
OPERATION = "injected_faults_operation"  # the request context's key for the operation's model
QUERY_THROTTLING = "Throttling"  # the query protocol's (SES, SNS) name for it


@dataclass(frozen=True)
class Rule:
    service: str  # the client's name, as in boto3.client("events")
    operation: str  # the API's name, as in PutEvents
    fraction: float
    after: bool

    @property
    def key(self) -> str:
        return f"{self.service}.{self.operation}"


def parse(spec: str) -> list[Rule]:
    """The rules of a `FAULTS` value; ValueError saying which entry is wrong."""
    rules = []
    for entry in (part.strip() for part in spec.split(",")):
        if entry:
            rules.append(_rule(entry))
    return rules


def _rule(entry: str) -> Rule:
    target, _, share = entry.partition("=")
    service, _, operation = target.strip().partition(".")
    fraction_text, _, when = share.strip().partition(":")
    if not service or not operation or not fraction_text or when not in ("", "after"):
        raise ValueError(f"FAULTS entry {entry!r}: expected service.Operation=fraction[:after]")
    try:
        fraction = float(fraction_text)
    except ValueError:
        raise ValueError(f"FAULTS entry {entry!r}: {fraction_text!r} is not a number") from None
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"FAULTS entry {entry!r}: the fraction must be between 0 and 1")
    return Rule(service, operation, fraction, after=when == "after")


class _Body:
    """The raw stream AWSResponse reads an error body from."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._data


def error_response(url: str, protocol: str, code: str, status: int) -> AWSResponse:
    """An AWS error response as the service's protocol writes it, so botocore parses its code."""
    message = "injected fault (FAULTS)"
    headers = {"x-amzn-RequestId": "injected-fault"}
    if protocol == "query":
        body = (
            f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message>"
            "</Error><RequestId>injected-fault</RequestId></ErrorResponse>"
        )
    elif protocol == "rest-xml":
        body = f"<Error><Code>{code}</Code><Message>{message}</Message></Error>"
    else:  # json and rest-json
        headers.update({"x-amzn-ErrorType": code, "Content-Type": "application/x-amz-json-1.0"})
        body = json.dumps({"__type": code, "message": message})
    return AWSResponse(url, status, headers, _Body(body.encode()))  # type: ignore[arg-type]


class FaultInjector:
    def __init__(self, rules: list[Rule], seed: int = DEFAULT_SEED, gate: Callable[[], bool] = lambda: True):
        self.rules = {(r.key, r.after): r for r in rules}
        self.gate = gate
        self._random = random.Random(seed)  # noqa: S311 - reproducible draws, not secrets
        self._lock = threading.Lock()
        self._turn = 0
        self.calls: Counter[str] = Counter()  # every call a handler made, by service.Operation
        self.injected: Counter[str] = Counter()  # "service.Operation before|after" → failures injected

    def install(self, events: BaseEventHooks) -> None:
        """Registers the hooks on a session's (or a client's) event system; first, so they run before
        any other `before-send` handler answers the request."""
        events.register_first("before-call", self._note_operation)
        events.register_first("before-send", self._before_send)  # type: ignore[arg-type]
        events.register_first("after-call", self._after_call)

    def uninstall(self, events: BaseEventHooks) -> None:
        events.unregister("before-call", self._note_operation)
        events.unregister("before-send", self._before_send)  # type: ignore[arg-type]
        events.unregister("after-call", self._after_call)

    def _draw(self, key: str, after: bool) -> tuple[str, int] | None:
        """The error to inject for this call, or None; counts the call."""
        rule = self.rules.get((key, after))
        with self._lock:
            if not after:
                self.calls[key] += 1
            if rule is None or self._random.random() >= rule.fraction:
                return None
            self.injected[f"{key} {'after' if after else 'before'}"] += 1
            error = ERRORS[self._turn % len(ERRORS)]
            self._turn += 1
            return error

    @staticmethod
    def _note_operation(model: OperationModel, context: dict[str, Any], **_: Any) -> None:
        """The request `before-send` sees carries this context, not the operation: keep it there."""
        context[OPERATION] = model

    def _before_send(self, request: Any, event_name: str, **_: Any) -> AWSResponse | None:
        if not self.gate():
            return None
        model = _operation(request)
        if model is None:
            return None
        service_model = model.service_model
        error = self._draw(f"{service_model.service_name}.{model.name}", after=False)
        if error is None:
            return None
        code, status = error
        protocol = service_model.protocol
        if code == ERRORS[0][0] and protocol == "query":
            code = QUERY_THROTTLING
        return error_response(request.url, protocol, code, status)

    def _after_call(self, http_response: Any, model: OperationModel, **_: Any) -> None:
        if not self.gate() or http_response is None or http_response.status_code >= 300:
            return
        error = self._draw(f"{model.service_model.service_name}.{model.name}", after=True)
        if error is None:
            return
        code, status = error
        response: Any = {
            "Error": {"Code": code, "Message": "injected fault after the call took effect (FAULTS)"},
            "ResponseMetadata": {"HTTPStatusCode": status},
        }
        raise ClientError(response, model.name)

    def summary(self) -> dict[str, Any]:
        with self._lock:
            calls, injected = dict(sorted(self.calls.items())), dict(sorted(self.injected.items()))
        return {"calls": calls, "injected": injected}


def _operation(request: Any) -> OperationModel | None:
    """The operation a prepared request is for (botocore keeps it in the request's context)."""
    context = getattr(request, "context", None) or {}
    return context.get(OPERATION)


_in_handler = threading.local()


@contextmanager
def handler_running() -> Iterator[None]:
    """Marks the current thread as running a handler, for the injector's gate."""
    depth = getattr(_in_handler, "depth", 0)
    _in_handler.depth = depth + 1
    try:
        yield
    finally:
        _in_handler.depth = depth


def in_handler() -> bool:
    return getattr(_in_handler, "depth", 0) > 0


@dataclass
class Chaos:
    """What the environment asks of the local run: an injector (FAULTS) and deliveries per message."""

    injector: FaultInjector | None
    deliveries: int = 1
    seed: int = DEFAULT_SEED

    @classmethod
    def from_env(cls, env: dict[str, str] | Any) -> Chaos:
        """ValueError when a setting is malformed (the runner stops and says which)."""
        seed = int(env.get("FAULTS_SEED") or DEFAULT_SEED)
        rules = parse(env.get("FAULTS", ""))
        deliveries = int(env.get("REDELIVER") or "1")
        if deliveries < 1 or deliveries > MAX_DELIVERIES:
            raise ValueError(f"REDELIVER must be between 1 and {MAX_DELIVERIES}, not {deliveries}")
        injector = FaultInjector(rules, seed, gate=in_handler) if rules else None
        return cls(injector, deliveries, seed)

    def install_on_default_session(self, region: str) -> None:
        """The handlers' clients come from boto3's default session (shared/aws.py): the hooks go there,
        before any of those clients is built (each client copies the session's hooks when created)."""
        if self.injector is None:
            return
        if boto3.DEFAULT_SESSION is None:
            boto3.setup_default_session(region_name=region)
        session = boto3.DEFAULT_SESSION
        if session is not None:
            self.injector.install(session.events)

    @property
    def on(self) -> bool:
        return self.injector is not None or self.deliveries > 1

    def banner(self) -> list[str]:
        """The warning printed at start when either setting is on."""
        if not self.on:
            return []
        lines = ["!" * 78, "!! FAULT INJECTION IS ON: this run misbehaves on purpose"]
        if self.injector is not None:
            for rule in self.injector.rules.values():
                when = "after the call took effect" if rule.after else "before the call"
                lines.append(f"!!   {rule.key}: {rule.fraction:.0%} fail {when}")
            lines.append(f"!!   FAULTS_SEED={self.seed}")
        if self.deliveries > 1:
            lines.append(f"!!   REDELIVER={self.deliveries}: every SQS message reaches its worker that often")
        lines.append("!" * 78)
        return lines
