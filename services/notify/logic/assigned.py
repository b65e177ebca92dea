"""Report.Assigned → an email to each of the agency's contact addresses."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger

from services.notify.deliveries import record_delivery
from services.notify.email import send_email
from services.notify.logic.once import Delivery, once
from services.notify.templates import render
from shared.config import get_settings
from shared.directory import DirectoryRepository
from shared.events import ReportEvent
from shared.repository import ReportRepository
from shared.working_time import TZ

logger = Logger(child=True)
MESSAGE = "agency_assigned"


def email(delivery: Delivery) -> dict[str, Any]:
    message_id = send_email(delivery.recipient, delivery.subject, delivery.text, delivery.html)
    record_delivery(delivery.event_id, delivery.report_id, "email", delivery.recipient, "sent", message_id)
    return {"message_id": message_id}


send_email_once = once(email)


def notify_agency_assigned(
    event: ReportEvent, reports: ReportRepository, directory: DirectoryRepository
) -> None:
    report = reports.get(event.report_id)
    agency = directory.agency(str(event.data.get("agency_id")))
    if report is None or agency is None:
        logger.warning("assigned report or agency missing", extra={"report_id": event.report_id})
        return
    category = directory.category(report.category) if report.category else None
    context = {
        "report": report,
        "agency": agency,
        "category_name": category.name_vi if category else "Chưa phân loại",
        "received_at": report.created_at.astimezone(TZ).strftime("%H:%M %d/%m/%Y"),
        "link": f"{get_settings().public_web_url}/v1/reports/{report.id}",
    }
    subject, text, html = (render(MESSAGE, part, **context) for part in ("subject", "txt", "html"))
    for recipient in agency.emails:
        send_email_once(
            Delivery(
                event_id=event.event_id,
                report_id=report.id,
                recipient=str(recipient),
                channel="email",
                subject=subject,
                text=text,
                html=html,
            )
        )
    logger.info("agency notified", extra={"report_id": report.id, "agency_id": agency.id})
