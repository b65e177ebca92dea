"""Webhook deliveries: start one per (event, endpoint), attempt it, and decide what the answer means.

2xx delivered · 410 Gone disables the endpoint · anything else (5xx, 429, timeouts, redirects, which are
never followed, other 4xx, an address the SSRF guard refuses) is retried on the schedule, honouring
Retry-After · after the last attempt the delivery goes to the dead letter queue.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from aws_lambda_powertools import Logger

from services.notify.deliveries import LogEntry, record
from services.notify.webhooks.endpoints import Endpoint, Endpoints
from services.notify.webhooks.http import HttpResult, post
from services.notify.webhooks.schedule import MAX_ATTEMPTS, next_delay, retry_after
from services.notify.webhooks.signing import signed_headers
from services.notify.webhooks.ssrf import RefusedUrl, check_url
from services.notify.webhooks.store import WebhookDeliveries, WebhookDelivery, delivery_id
from shared.config import get_settings
from shared.events import ReportEvent

logger = Logger(child=True)
# An attempt holds the delivery this long: longer than its HTTP timeout, so a crashed attempt is retried
# (with the same webhook-id) once the lease runs out, and a running one is never attempted twice.
LEASE = timedelta(seconds=60)
USER_AGENT = "PhanAnh-Webhooks/1.0"
GiveUp = Callable[[WebhookDelivery], None]


def payload(event: ReportEvent, report_view: dict[str, Any]) -> str:
    """The Standard Webhooks body: type, timestamp, data (the report as its agency sees it)."""
    body = {
        "type": event.type.value,
        "timestamp": event.occurred_at.isoformat(),
        "data": {"event_id": event.event_id, "event": event.data, "report": report_view},
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), default=str)


def start_webhooks(
    event: ReportEvent,
    agency_id: str,
    body: str,
    endpoints: Endpoints,
    store: WebhookDeliveries,
    attempt_now: Callable[[], bool],
    give_up: GiveUp,
) -> int:
    """Starts a delivery per enabled endpoint of the agency; returns how many were new."""
    started = 0
    now = datetime.now(UTC)
    for endpoint in endpoints.of_agency(agency_id):
        if not endpoint.enabled:
            continue
        delivery = WebhookDelivery(
            id=delivery_id(event.event_id, endpoint.id),
            endpoint_id=endpoint.id,
            agency_id=agency_id,
            report_id=event.report_id,
            event_id=event.event_id,
            event_type=event.type.value,
            body=body,
            created_at=now,
            due_at=now,
        )
        if not store.start(delivery):
            continue  # a repeated message: this delivery is already under way, on its own schedule
        started += 1
        if attempt_now():  # otherwise it is due now and the retry function takes it
            attempt(delivery, endpoints, store, give_up)
    return started


def attempt(
    delivery: WebhookDelivery,
    endpoints: Endpoints,
    store: WebhookDeliveries,
    give_up: GiveUp,
    now: datetime | None = None,
) -> str:
    """One attempt; returns the outcome (or "taken" when another attempt claimed it first)."""
    now = now or datetime.now(UTC)
    if delivery.attempts >= MAX_ATTEMPTS:  # a crash after the last attempt: finish giving up
        return _finish(store, delivery, delivery.attempts, "dead", None, give_up)
    claimed = delivery.model_copy(update={"attempts": delivery.attempts + 1, "due_at": now + LEASE})
    if not store.save(claimed, delivery.attempts):
        return "taken"
    endpoint = endpoints.get(delivery.agency_id, delivery.endpoint_id)
    if endpoint is None or not endpoint.enabled:
        result = HttpResult(status=None, latency_ms=0, error="endpoint_disabled")
        outcome = _finish(store, claimed, claimed.attempts, "disabled", result, give_up)
    else:
        result = _send(claimed, endpoint)
        if result.ok:
            outcome = _finish(store, claimed, claimed.attempts, "delivered", result, give_up)
        elif result.status == 410:
            endpoints.disable(endpoint, "410 Gone", now)
            outcome = _finish(store, claimed, claimed.attempts, "disabled", result, give_up)
        else:
            delay = next_delay(claimed.attempts, retry_after(result.retry_after, now))
            if delay is None:
                outcome = _finish(store, claimed, claimed.attempts, "dead", result, give_up)
            else:
                claimed = claimed.model_copy(update={"due_at": now + delay, **_last(result)})
                store.save(claimed, claimed.attempts)
                outcome = "retrying"
    _log(claimed, endpoint, outcome, result)
    return outcome


def _send(delivery: WebhookDelivery, endpoint: Endpoint) -> HttpResult:
    settings = get_settings()
    sent_at = datetime.now(UTC)  # the real clock: receivers check the signed timestamp against theirs
    try:
        target = check_url(endpoint.url, local=settings.webhook_profile == "local")
    except RefusedUrl as refused:
        return HttpResult(status=None, latency_ms=0, error=refused.reason)
    headers = {
        **signed_headers(delivery.id, delivery.body, endpoint.signing_secrets(sent_at), sent_at),
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
    }
    return post(target, delivery.body.encode(), headers, settings.webhook_timeout_s)


def _last(result: HttpResult | None) -> dict[str, Any]:
    return {} if result is None else {"last_status_code": result.status, "last_error": result.error}


def _finish(
    store: WebhookDeliveries,
    delivery: WebhookDelivery,
    expected_attempts: int,
    state: str,
    result: HttpResult | None,
    give_up: GiveUp,
) -> str:
    final = delivery.model_copy(update={"state": state, "due_at": None, **_last(result)})
    if state == "dead":
        # Into the dead letter queue first, then marked: a crash in between repeats the dead letter
        # (its consumer is idempotent on the delivery id), it never loses it.
        give_up(final)
    store.save(final, expected_attempts)
    return state


def _log(delivery: WebhookDelivery, endpoint: Endpoint | None, outcome: str, result: HttpResult) -> None:
    host = urlsplit(endpoint.url).hostname if endpoint else None
    record(
        LogEntry(
            report_id=delivery.report_id,
            event_id=delivery.event_id,
            event_type=delivery.event_type,
            channel="webhook",
            audience="agency",
            recipient=f"{delivery.endpoint_id} ({host})" if host else delivery.endpoint_id,
            outcome=outcome,
            agency_id=delivery.agency_id,
            attempt=delivery.attempts,
            status_code=result.status,
            latency_ms=result.latency_ms,
            error=result.error,
            ref=delivery.id,
            next_attempt_at=delivery.due_at if outcome == "retrying" else None,
        )
    )
