"""An operator sends a given-up webhook delivery again: the same delivery (same webhook-id, same body), with
a fresh schedule of attempts, due now."""

from __future__ import annotations

from datetime import datetime

from services.notify.logic.ports import WebhookDeliveryStore
from services.notify.models import WebhookDelivery

REDRIVABLE = {"dead"}


def revived(delivery: WebhookDelivery, now: datetime) -> WebhookDelivery:
    return delivery.model_copy(update={"state": "pending", "attempts": 0, "due_at": now})


def redrive_delivery(delivery_id: str, store: WebhookDeliveryStore, now: datetime) -> str:
    """ "redriven", or why not: "unknown", "not_dead" (delivered, disabled or still retrying), "taken"
    (someone changed it meanwhile)."""
    delivery = store.get(delivery_id)
    if delivery is None:
        return "unknown"
    if delivery.state not in REDRIVABLE:
        return "not_dead"
    return "redriven" if store.save(revived(delivery, now), delivery.attempts) else "taken"
