"""In-memory stand-ins for notify's Protocols (`services/notify/logic/ports.py`): its logic's unit tests run
on these. They keep what the rules rely on: conditional saves on the attempt count, a delivery started once,
an endpoint's version, one message per (event, recipient, channel)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from services.notify.logic.ports import HttpResult
from services.notify.logic.webhook_signing import new_endpoint, rotated
from services.notify.models import Delivery, Endpoint, LogEntry, Rendered, WebhookDelivery
from shared.errors import Conflict
from shared.ssrf_guard import Target


class FakeEndpoints:
    def __init__(self) -> None:
        self.endpoints: dict[str, Endpoint] = {}

    def of_agency(self, agency_id: str) -> list[Endpoint]:
        return [e for e in self.endpoints.values() if e.agency_id == agency_id]

    def get(self, agency_id: str, endpoint_id: str) -> Endpoint | None:
        endpoint = self.endpoints.get(endpoint_id)
        return endpoint if endpoint and endpoint.agency_id == agency_id else None

    def create(self, agency_id: str, url: str, now: datetime | None = None) -> Endpoint:
        endpoint = new_endpoint(agency_id, url, now or datetime.now(UTC))
        self.endpoints[endpoint.id] = endpoint
        return endpoint

    def rotate(self, endpoint: Endpoint, now: datetime | None = None) -> Endpoint:
        if self.endpoints[endpoint.id].version != endpoint.version:
            raise Conflict("Đã thay đổi.", "Changed by someone else.")
        after = rotated(endpoint, now or datetime.now(UTC))
        self.endpoints[endpoint.id] = after
        return after

    def disable(self, endpoint: Endpoint, reason: str, now: datetime | None = None) -> None:
        current = self.endpoints[endpoint.id]
        self.endpoints[endpoint.id] = current.model_copy(
            update={"enabled": False, "disabled_reason": reason, "version": current.version + 1}
        )


class FakeWebhookDeliveries:
    def __init__(self) -> None:
        self.deliveries: dict[str, WebhookDelivery] = {}
        self.refuse_saves = False  # another attempt claimed the delivery first

    def get(self, delivery_id: str) -> WebhookDelivery | None:
        return self.deliveries.get(delivery_id)

    def start(self, delivery: WebhookDelivery) -> bool:
        if delivery.id in self.deliveries:
            return False
        self.deliveries[delivery.id] = delivery
        return True

    def save(self, delivery: WebhookDelivery, expected_attempts: int) -> bool:
        current = self.deliveries.get(delivery.id)
        if self.refuse_saves or current is None or current.attempts != expected_attempts:
            return False
        self.deliveries[delivery.id] = delivery
        return True

    def due(self, now: datetime, limit: int = 50) -> list[WebhookDelivery]:
        return [d for d in self.deliveries.values() if d.state == "pending" and d.due_at and d.due_at <= now][
            :limit
        ]


class FakeHttp:
    """Resolves every host to a public address (or as told) and answers each POST from a script."""

    def __init__(self, *answers: HttpResult) -> None:
        self.answers = list(answers)
        self.addresses: dict[str, list[str]] = {}
        self.posts: list[tuple[Target, bytes, dict[str, str]]] = []

    def resolve(self, host: str, port: int) -> Sequence[str]:
        return self.addresses.get(host, ["93.184.216.34"])

    def post(self, target: Target, body: bytes, headers: dict[str, str], timeout_s: float) -> HttpResult:
        self.posts.append((target, body, headers))
        return self.answers.pop(0) if self.answers else HttpResult(status=200, latency_ms=3)


class FakeLog:
    def __init__(self) -> None:
        self.entries: list[LogEntry] = []

    def record(self, entry: LogEntry) -> None:
        self.entries.append(entry)

    def for_report(self, report_id: str, limit: int = 100) -> list[LogEntry]:
        return [e for e in reversed(self.entries) if e.report_id == report_id][:limit]

    def for_agency(self, agency_id: str, limit: int = 100) -> list[LogEntry]:
        mine = [e for e in reversed(self.entries) if e.agency_id == agency_id and e.audience == "agency"]
        return mine[:limit]


class FakeMessages:
    """Sends each (event, recipient, channel) once, and logs it as the exactly-once adapter does."""

    def __init__(self, log: FakeLog | None = None) -> None:
        self.sent: list[Delivery] = []
        self.log = log or FakeLog()

    def send(self, delivery: Delivery) -> dict[str, Any]:
        key = (delivery.event_id, delivery.recipient, delivery.channel)
        if key not in {(d.event_id, d.recipient, d.channel) for d in self.sent}:
            self.sent.append(delivery)
            self.log.record(delivery.sent_entry(f"m-{len(self.sent)}"))
        return {"message_id": f"m-{len(self.sent)}"}

    def send_all(self, deliveries: Sequence[Delivery]) -> None:
        for delivery in deliveries:
            self.send(delivery)


class FakeTemplates:
    """Renders the message's name, and keeps what each message was filled with. A (message, language) in
    `broken` fails as a template bug does, its error quoting what the template was filled with."""

    def __init__(self) -> None:
        self.rendered: list[tuple[str, str, dict[str, Any]]] = []
        self.broken: set[tuple[str, str]] = set()

    def render(self, message: str, language: str, context: dict[str, Any]) -> Rendered:
        if (message, language) in self.broken:
            raise ValueError(f"{language}/{message}.j2 cannot render {context!r}")
        self.rendered.append((message, language, context))
        return Rendered(
            subject=message, text=f"text:{message}", html=f"<p>{message}</p>", sms=f"sms:{message}"
        )


class FakeWakeUps:
    """The wake-ups asked for: (delivery id, when it is due)."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, datetime]] = []

    def wake_at(self, delivery_id: str, due_at: datetime, now: datetime) -> None:
        self.asked.append((delivery_id, due_at))
