"""A given-up webhook delivery → an email to the agency's addresses and to the operators."""

from __future__ import annotations

from aws_lambda_powertools import Logger

from services.notify.logic.announce import addresses
from services.notify.logic.channels import send_once
from services.notify.logic.once import Delivery
from services.notify.templates import render
from services.notify.webhooks.store import WebhookDeliveries, WebhookDelivery
from shared.config import get_settings
from shared.directory import DirectoryRepository

logger = Logger(child=True)


def last_outcome(delivery: WebhookDelivery) -> str:
    if delivery.last_status_code is not None:
        return f"HTTP {delivery.last_status_code}"
    return delivery.last_error or "unknown"


def tell_about_dead_letter(
    delivery_id: str, store: WebhookDeliveries, directory: DirectoryRepository
) -> None:
    delivery = store.get(delivery_id)
    if delivery is None:
        logger.warning("dead letter for an unknown delivery", extra={"delivery_id": delivery_id})
        return
    agency = directory.agency(delivery.agency_id)
    context = {
        "delivery": delivery,
        "agency_name": agency.name if agency else delivery.agency_id,
        "endpoint_host": delivery.endpoint_id,
        "last_outcome": last_outcome(delivery),
    }
    targets = [(str(a), "agency", "agency_webhook_failed") for a in (agency.emails if agency else [])]
    targets += [(a, "operators", "operators_dead_letter") for a in addresses(get_settings().operator_emails)]
    for recipient, audience, message in targets:
        parts = render(message, "vi", **context)
        send_once(
            Delivery(
                event_id=f"dead-letter:{delivery.id}",
                report_id=delivery.report_id,
                recipient=recipient,
                channel="email",
                subject=parts.subject,
                text=parts.text,
                html=parts.html,
                event_type="Webhook.DeadLettered",
                audience=audience,
                agency_id=delivery.agency_id,
            )
        )
