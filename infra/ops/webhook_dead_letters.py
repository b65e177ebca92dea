"""Webhook deliveries that were given up after their last attempt: listed per agency, and sent again (the
same webhook-id and body, a fresh schedule, attempted now)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from infra.ops.errors import BAD_INPUT, NOT_FOUND, OpsError
from infra.ops.system import System

Say = Callable[[str], None]
LOG_ENTRIES_READ = 1000  # of the agency's delivery log, newest first


def _known_agency(agency_id: str) -> None:
    from shared.directory import DirectoryRepository

    if DirectoryRepository().agency(agency_id) is None:
        raise OpsError(f"không có cơ quan “{agency_id[:60]}”.", f"no agency “{agency_id[:60]}”.", NOT_FOUND)


def dead_deliveries(agency_id: str) -> list[dict[str, Any]]:
    """The agency's given-up deliveries still dead (a redriven one is no longer listed)."""
    from services.notify.dal.delivery_log_table import DeliveriesTable
    from services.notify.dal.webhook_deliveries_table import WebhookDeliveries

    _known_agency(agency_id)
    store, found = WebhookDeliveries(), {}
    for entry in DeliveriesTable().for_agency(agency_id, limit=LOG_ENTRIES_READ):
        if entry.channel == "webhook" and entry.outcome == "dead" and entry.ref and entry.ref not in found:
            delivery = store.get(entry.ref)
            if delivery is not None and delivery.state == "dead":
                found[entry.ref] = {
                    "delivery_id": delivery.id,
                    "report_id": delivery.report_id,
                    "event_type": delivery.event_type,
                    "attempts": delivery.attempts,
                    "last_status_code": delivery.last_status_code,
                    "last_error": delivery.last_error,
                    "given_up_at": entry.at.isoformat(timespec="seconds"),
                }
    return list(found.values())


def redrive_webhooks(system: System, delivery_ids: list[str], agency_id: str | None, say: Say) -> int:
    """Sends the named deliveries (or all the agency's dead ones) again; returns how many were redriven."""
    from services.notify.dal.retry_wake_up_queue import RetryWakeUpQueue
    from services.notify.dal.webhook_deliveries_table import WebhookDeliveries
    from services.notify.logic.webhook_redrive import redrive_delivery

    if agency_id:
        delivery_ids = [d["delivery_id"] for d in dead_deliveries(agency_id)]
    bad = [d for d in delivery_ids if not d.startswith("msg_") or len(d) > 80]
    if bad:
        raise OpsError(
            f"mã giao webhook không hợp lệ: {bad[0][:80]} (dạng msg_…).",
            f"not a webhook delivery id: {bad[0][:80]} (msg_…).",
            BAD_INPUT,
        )
    retries = system.queues.get("webhook-retries")
    wake_up = RetryWakeUpQueue(system.url(retries)) if retries else None
    store, now, redriven = WebhookDeliveries(), datetime.now(UTC), 0
    for number, delivery_id in enumerate(delivery_ids, 1):
        outcome = redrive_delivery(delivery_id, store, now)
        say(f"    [{number}/{len(delivery_ids)}] {delivery_id}: {outcome}")
        if outcome == "redriven":
            redriven += 1
            if wake_up is not None:
                wake_up.wake_at(delivery_id, now, now)
    return redriven
