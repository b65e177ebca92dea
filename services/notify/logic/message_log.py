"""Email and SMS, each sent at most once per (event, recipient, channel) and written to the delivery log."""

from __future__ import annotations

from typing import Any

from services.notify.deliveries import LogEntry, mask, record
from services.notify.email import send_email
from services.notify.logic.once import Delivery, once
from services.notify.sms import send_sms


def _shown(delivery: Delivery) -> str:
    # Reporters' addresses are personal data: the log (read by agencies and operators) keeps a masked form.
    return mask(delivery.recipient) if delivery.audience == "reporter" else delivery.recipient


def _log(delivery: Delivery, ref: str) -> None:
    record(
        LogEntry(
            report_id=delivery.report_id,
            event_id=delivery.event_id,
            event_type=delivery.event_type,
            channel="sms" if delivery.channel == "sms" else "email",
            audience=delivery.audience,
            recipient=_shown(delivery),
            outcome="sent",
            agency_id=delivery.agency_id,
            ref=ref,
        )
    )


def email(delivery: Delivery) -> dict[str, Any]:
    message_id = send_email(delivery.recipient, delivery.subject, delivery.text, delivery.html)
    _log(delivery, message_id)
    return {"message_id": message_id}


def sms(delivery: Delivery) -> dict[str, Any]:
    message_id = send_sms(delivery.recipient, delivery.text)
    _log(delivery, message_id)
    return {"message_id": message_id}


send_email_once = once(email)
send_sms_once = once(sms)


def send_once(delivery: Delivery) -> dict[str, Any]:
    return (send_sms_once if delivery.channel == "sms" else send_email_once)(delivery)
