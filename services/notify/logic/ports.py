"""The adapters notify's rules receive, as Protocols: `dal/` implements them, `tests/fakes.py` fakes them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from services.notify.models import Delivery, Endpoint, LogEntry, Rendered, WebhookDelivery
from shared.ssrf_guard import Target


@dataclass(frozen=True)
class HttpResult:
    """What one webhook POST came back with."""

    status: int | None  # None when no HTTP answer came back
    latency_ms: int
    error: str | None = None  # short code: timeout, connection_failed, ...
    retry_after: str | None = None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


class Messages(Protocol):
    """Email and SMS, each sent at most once per (event, recipient, channel) and written to the log."""

    def send(self, delivery: Delivery) -> dict[str, Any]: ...

    def send_all(self, deliveries: Sequence[Delivery]) -> None:
        """The messages of one event, each as `send`, in order, stopping at the first failure (the adapter
        may write their bookkeeping together)."""
        ...


class Templates(Protocol):
    def render(self, message: str, language: str, context: dict[str, Any]) -> Rendered: ...


class DeliveryLog(Protocol):
    def record(self, entry: LogEntry) -> None: ...

    def for_report(self, report_id: str, limit: int = 100) -> list[LogEntry]: ...

    def for_agency(self, agency_id: str, limit: int = 100) -> list[LogEntry]: ...


class WebhookEndpoints(Protocol):
    """Agencies' endpoints; every change is conditional on the endpoint's version (Conflict otherwise)."""

    def of_agency(self, agency_id: str) -> list[Endpoint]: ...

    def get(self, agency_id: str, endpoint_id: str) -> Endpoint | None: ...

    def create(self, agency_id: str, url: str, now: datetime | None = None) -> Endpoint: ...

    def rotate(self, endpoint: Endpoint, now: datetime | None = None) -> Endpoint: ...

    def disable(self, endpoint: Endpoint, reason: str, now: datetime | None = None) -> None: ...


class WebhookDeliveryStore(Protocol):
    def get(self, delivery_id: str) -> WebhookDelivery | None: ...

    def start(self, delivery: WebhookDelivery) -> bool:
        """False when this (event, endpoint) delivery exists already."""
        ...

    def save(self, delivery: WebhookDelivery, expected_attempts: int) -> bool:
        """Writes `delivery` if nobody made an attempt since it was read; False otherwise."""
        ...

    def due(self, now: datetime, limit: int = 50) -> list[WebhookDelivery]: ...


class RetryWakeUp(Protocol):
    """Asks for a delivery to be attempted when its retry falls due, if that is soon enough to ask for
    (the scheduled retry function takes the others, and any wake-up that was lost)."""

    def wake_at(self, delivery_id: str, due_at: datetime, now: datetime) -> None: ...


class WebhookHttp(Protocol):
    """The network side of a webhook: name resolution, and one POST to the checked address."""

    def resolve(self, host: str, port: int) -> Sequence[str]:
        """The host's addresses; empty when it does not resolve."""
        ...

    def post(self, target: Target, body: bytes, headers: dict[str, str], timeout_s: float) -> HttpResult: ...


# Puts a given-up webhook delivery on the dead letter queue.
GiveUp = Callable[[WebhookDelivery], None]
