"""A given-up webhook delivery → an email to the agency's addresses and to the operators, once each per
(delivery, recipient) however often the dead letter comes."""

from __future__ import annotations

from services.notify.logic.message_log import logged_as
from services.notify.logic.ports import Messages, Templates, WebhookDeliveryStore
from services.notify.logic.render_failures import Rendering
from services.notify.models import Audience, Delivery, NotifySettings, Rendered, WebhookDelivery
from shared.models import Agency
from shared.ports import DirectoryReader


def last_outcome(delivery: WebhookDelivery) -> str:
    if delivery.last_status_code is not None:
        return f"HTTP {delivery.last_status_code}"
    return delivery.last_error or "unknown"


def tell_about_dead_letter(
    delivery_id: str,
    store: WebhookDeliveryStore,
    directory: DirectoryReader,
    messages: Messages,
    templates: Templates,
    settings: NotifySettings,
) -> bool:
    """Sends the emails; False when the delivery is unknown (nobody to tell). Raises `MessagesNotRendered`
    when an email's template failed, after sending the others."""
    delivery = store.get(delivery_id)
    if delivery is None:
        return False
    agency = directory.agency(delivery.agency_id)
    context = {
        "delivery": delivery,
        "agency_name": agency.name if agency else delivery.agency_id,
        "endpoint_host": delivery.endpoint_id,
        "last_outcome": last_outcome(delivery),
    }
    rendering = Rendering(templates)
    for recipient, audience, message in _targets(agency, settings):
        parts = rendering.render(message, "vi", context, audience, "email")
        if parts is not None:
            messages.send(_email(delivery, recipient, audience, parts))
    rendering.raise_failures(f"the dead letter of webhook delivery {delivery.id}")
    return True


def _targets(agency: Agency | None, settings: NotifySettings) -> list[tuple[str, Audience, str]]:
    """(recipient, audience, message) for the agency's addresses and the operators'."""
    targets: list[tuple[str, Audience, str]] = [
        (str(a), "agency", "agency_webhook_failed") for a in (agency.emails if agency else [])
    ]
    return targets + [(a, "operators", "operators_dead_letter") for a in settings.operator_emails]


def _email(delivery: WebhookDelivery, recipient: str, audience: Audience, parts: Rendered) -> Delivery:
    return Delivery(
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
        logged_as=logged_as(recipient, audience),
    )
