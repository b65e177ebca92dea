"""Webhook deliveries: start one per (event, endpoint), attempt it, and decide what the answer means
(`verdict`)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from services.notify.logic.ports import (
    DeliveryLog,
    GiveUp,
    HttpResult,
    RetryWakeUp,
    WebhookDeliveryStore,
    WebhookEndpoints,
    WebhookHttp,
)
from services.notify.logic.retry_schedule import MAX_ATTEMPTS, next_delay, retry_after
from services.notify.logic.webhook_signing import signed_headers
from services.notify.models import Endpoint, LogEntry, NotifySettings, WebhookDelivery
from shared.events import ReportEvent
from shared.ids import deterministic_event_id
from shared.ssrf_guard import RefusedUrl, check_url

# An attempt holds the delivery this long: longer than its HTTP timeout, so a crashed attempt is retried
# (with the same webhook-id) once the lease runs out, and a running one is never attempted twice.
LEASE = timedelta(seconds=60)
USER_AGENT = "PhanAnh-Webhooks/1.0"
ENDPOINT_DISABLED = HttpResult(status=None, latency_ms=0, error="endpoint_disabled")


@dataclass(frozen=True)
class WebhookChannel:
    """The adapters a webhook delivery goes through."""

    endpoints: WebhookEndpoints
    store: WebhookDeliveryStore
    http: WebhookHttp
    log: DeliveryLog
    give_up: GiveUp
    wake_up: RetryWakeUp | None = None


def payload(event: ReportEvent, report_view: dict[str, Any]) -> str:
    """The Standard Webhooks body: type, timestamp, data (the report as its agency sees it)."""
    body = {
        "type": event.type.value,
        "timestamp": event.occurred_at.isoformat(),
        "data": {"event_id": event.event_id, "event": event.data, "report": report_view},
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), default=str)


def delivery_id(event_id: str, endpoint_id: str) -> str:
    """Derived from the event and the endpoint, so a repeated SQS message finds the delivery it started."""
    return "msg_" + deterministic_event_id(event_id, endpoint_id, "webhook").replace("-", "")


def start_webhooks(
    event: ReportEvent,
    agency_id: str,
    body: str,
    channel: WebhookChannel,
    settings: NotifySettings,
    attempt_now: Callable[[], bool],
) -> int:
    """Starts a delivery per enabled endpoint of the agency; returns how many were new."""
    started = 0
    now = datetime.now(UTC)
    for endpoint in channel.endpoints.of_agency(agency_id):
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
        if not channel.store.start(delivery):
            continue  # a repeated message: this delivery is already under way, on its own schedule
        started += 1
        if attempt_now():  # otherwise it is due now and the retry function takes it
            attempt(delivery, channel, settings)
    return started


def retry_due(
    channel: WebhookChannel,
    settings: NotifySettings,
    keep_going: Callable[[], bool] = lambda: True,
    now: datetime | None = None,
) -> Counter[str]:
    """The due deliveries, attempted once each (another attempt that claimed one first wins)."""
    now = now or datetime.now(UTC)
    outcomes: Counter[str] = Counter()
    for delivery in channel.store.due(now):
        if not keep_going():
            break
        outcomes[attempt(delivery, channel, settings, now)] += 1
    return outcomes


def attempt_if_due(
    delivery_id: str, channel: WebhookChannel, settings: NotifySettings, now: datetime | None = None
) -> str:
    """A wake-up for one delivery: attempted when it is still waiting and due ("not_due" otherwise: the
    retry function or another wake-up already took it, or it was given up)."""
    now = now or datetime.now(UTC)
    delivery = channel.store.get(delivery_id)
    if delivery is None or delivery.state != "pending" or delivery.due_at is None or delivery.due_at > now:
        return "not_due"
    return attempt(delivery, channel, settings, now)


def attempt(
    delivery: WebhookDelivery, channel: WebhookChannel, settings: NotifySettings, now: datetime | None = None
) -> str:
    """One attempt; returns the outcome (or "taken" when another attempt claimed it first).

    The attempt first claims the delivery (conditional on the attempt count, due again after LEASE), then
    posts, then records the outcome: a crash after the post repeats it with the same webhook-id.
    """
    now = now or datetime.now(UTC)
    if delivery.attempts >= MAX_ATTEMPTS:  # a crash after the last attempt: finish giving up
        return _finish(channel, delivery, "dead", None)
    claimed = delivery.model_copy(update={"attempts": delivery.attempts + 1, "due_at": now + LEASE})
    if not channel.store.save(claimed, delivery.attempts):
        return "taken"
    endpoint = channel.endpoints.get(delivery.agency_id, delivery.endpoint_id)
    if endpoint is None or not endpoint.enabled:
        result, state, due = ENDPOINT_DISABLED, "disabled", None
    else:
        result = _send(claimed, endpoint, channel.http, settings)
        state, due = verdict(result, claimed.attempts, now)
        if result.status == 410:
            channel.endpoints.disable(endpoint, "410 Gone", now)
    if due is None:
        outcome = _finish(channel, claimed, state, result)
    else:
        claimed = claimed.model_copy(update={"due_at": due, **_last(result)})
        if channel.store.save(claimed, claimed.attempts) and channel.wake_up is not None:
            channel.wake_up.wake_at(claimed.id, due, now)
        outcome = "retrying"
    channel.log.record(_entry(claimed, endpoint, outcome, result))
    return outcome


def verdict(result: HttpResult, attempts_made: int, now: datetime) -> tuple[str, datetime | None]:
    """What an answer means: the delivery's final state, or ("retrying", when the next attempt is due).

    2xx delivered · 410 Gone disabled (the caller disables the endpoint) · anything else (5xx, 429,
    timeouts, redirects, which are never followed, other 4xx, an address the SSRF guard refuses) is
    retried on the schedule, honouring Retry-After · after the last attempt: dead (the dead letter queue).
    """
    if result.ok:
        return "delivered", None
    if result.status == 410:
        return "disabled", None
    delay = next_delay(attempts_made, retry_after(result.retry_after, now))
    if delay is None:
        return "dead", None
    return "retrying", now + delay


def _send(
    delivery: WebhookDelivery, endpoint: Endpoint, http: WebhookHttp, settings: NotifySettings
) -> HttpResult:
    sent_at = datetime.now(UTC)  # the real clock: receivers check the signed timestamp against theirs
    try:
        target = check_url(
            endpoint.url,
            http.resolve,
            local=settings.local_webhooks,
            refused_ports=settings.refused_local_ports,
        )
    except RefusedUrl as refused:
        return HttpResult(status=None, latency_ms=0, error=refused.reason)
    headers = {
        **signed_headers(delivery.id, delivery.body, endpoint.signing_secrets(sent_at), sent_at),
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
    }
    return http.post(target, delivery.body.encode(), headers, settings.webhook_timeout_s)


def _last(result: HttpResult | None) -> dict[str, Any]:
    return {} if result is None else {"last_status_code": result.status, "last_error": result.error}


def _finish(channel: WebhookChannel, delivery: WebhookDelivery, state: str, result: HttpResult | None) -> str:
    final = delivery.model_copy(update={"state": state, "due_at": None, **_last(result)})
    if state == "dead":
        # Into the dead letter queue first, then marked: a crash in between repeats the dead letter
        # (its consumer is idempotent on the delivery id), it never loses it.
        channel.give_up(final)
    channel.store.save(final, delivery.attempts)
    return state


def _entry(
    delivery: WebhookDelivery, endpoint: Endpoint | None, outcome: str, result: HttpResult
) -> LogEntry:
    host = urlsplit(endpoint.url).hostname if endpoint else None
    return LogEntry(
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
