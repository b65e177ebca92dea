"""Who hears what: one event → the messages for its audiences, each sent once per recipient and channel.

agencies    email (+ webhook where the agency registered an endpoint)
reporters   email when they gave one, else SMS when they gave only a phone number
operators   email (settings.operator_emails)
leaders     email (settings.leader_emails)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools import Logger

from services.notify.deliveries import Audience
from services.notify.logic.channels import send_once
from services.notify.logic.once import Delivery
from services.notify.logic.webhook import GiveUp, payload, start_webhooks
from services.notify.templates import render
from services.notify.views import agency_view
from services.notify.webhooks.endpoints import Endpoints
from services.notify.webhooks.store import WebhookDeliveries
from shared.config import get_settings
from shared.directory import DirectoryRepository
from shared.events import EventType, ReportEvent
from shared.models import Agency, Report
from shared.repository import ReportRepository
from shared.working_time import TZ

logger = Logger(child=True)


@dataclass(frozen=True)
class Notice:
    audience: Audience
    message: str  # template name


PLAN: dict[EventType, tuple[Notice, ...]] = {
    EventType.SUBMITTED: (Notice("reporter", "reporter_received"),),
    EventType.ASSIGNED: (Notice("agency", "agency_assigned"), Notice("reporter", "reporter_forwarded")),
    EventType.NEEDS_TRIAGE: (Notice("operators", "operators_triage"),),
    EventType.CLOSED: (Notice("reporter", "reporter_answered"),),
    EventType.REOPENED: (Notice("agency", "agency_reopened"), Notice("reporter", "reporter_reopened")),
    EventType.RATED: (Notice("agency", "agency_rated"),),
    EventType.SLA_WARNING: (Notice("agency", "agency_reminder"),),
    EventType.SLA_BREACHED: (Notice("agency", "agency_overdue"),),
    EventType.SLA_ESCALATED: (Notice("leaders", "leaders_escalated"),),
}
DEADLINE_NAMES = {
    "vi": {"accept": "tiếp nhận", "answer": "phản hồi"},
    "en": {"accept": "accept", "answer": "answer"},
}


@dataclass
class Notifier:
    reports: ReportRepository
    directory: DirectoryRepository
    endpoints: Endpoints
    webhooks: WebhookDeliveries
    give_up: GiveUp
    attempt_now: Callable[[], bool] = lambda: True


def addresses(setting: str) -> list[str]:
    return [a.strip() for a in setting.split(",") if a.strip()]


def recipients(audience: Audience, report: Report, agency: Agency | None) -> Iterator[tuple[str, str, str]]:
    """(recipient, channel, language) for one audience."""
    settings = get_settings()
    if audience == "agency" and agency is not None:
        yield from ((str(a), "email", "vi") for a in agency.emails)
    elif audience == "reporter":
        language = report.reporter.language
        if report.reporter.email:
            yield str(report.reporter.email), "email", language
        elif report.reporter.phone:
            yield report.reporter.phone, "sms", language
    elif audience == "operators":
        yield from ((a, "email", "vi") for a in addresses(settings.operator_emails))
    elif audience == "leaders":
        yield from ((a, "email", "vi") for a in addresses(settings.leader_emails))


def context(
    event: ReportEvent, report: Report, agency: Agency | None, directory: DirectoryRepository, language: str
) -> dict[str, Any]:
    category = directory.category(report.category) if report.category else None
    due = event.data.get("due_at") or (report.answer_due_at.isoformat() if report.answer_due_at else None)
    return {
        "report": report,
        "agency_name": agency.name if agency else ("the agency" if language == "en" else "cơ quan xử lý"),
        "category_name": (category.name_en if language == "en" else category.name_vi)
        if category
        else ("Uncategorised" if language == "en" else "Chưa phân loại"),
        "received_at": report.created_at.astimezone(TZ).strftime("%H:%M %d/%m/%Y"),
        "link": f"{get_settings().public_web_url}/v1/reports/{report.id}",
        "deadline_name": DEADLINE_NAMES[language].get(str(event.data.get("deadline", "answer")), ""),
        "due_at": _local_time(due),
        "answer": event.data.get("answer") or report.answer or "",
        "satisfied": bool(event.data.get("satisfied")),
        "score": event.data.get("score"),
        "reason": event.data.get("reason"),
    }


def _local_time(value: str | None) -> str:
    from datetime import datetime

    if not value:
        return ""
    try:
        return datetime.fromisoformat(value).astimezone(TZ).strftime("%H:%M %d/%m/%Y")
    except ValueError:
        return ""


def announce(event: ReportEvent, deps: Notifier) -> None:
    notices = PLAN.get(event.type, ())
    if not notices:
        return
    report = deps.reports.get(event.report_id)
    if report is None:
        logger.warning("report of the event not found", extra={"report_id": event.report_id})
        return
    agency_id = event.data.get("agency_id") or report.agency_id
    agency = deps.directory.agency(str(agency_id)) if agency_id else None
    for notice in notices:
        for recipient, channel, language in recipients(notice.audience, report, agency):
            parts = render(
                notice.message, language, **context(event, report, agency, deps.directory, language)
            )
            send_once(
                Delivery(
                    event_id=event.event_id,
                    report_id=report.id,
                    recipient=recipient,
                    channel=channel,
                    subject=parts.subject,
                    text=parts.sms if channel == "sms" else parts.text,
                    html=parts.html,
                    event_type=event.type.value,
                    audience=notice.audience,
                    agency_id=agency.id if agency else None,
                )
            )
    if agency is not None and any(n.audience == "agency" for n in notices):
        body = payload(event, agency_view(report))
        start_webhooks(event, agency.id, body, deps.endpoints, deps.webhooks, deps.attempt_now, deps.give_up)
    logger.info("event announced", extra={"report_id": report.id, "event_type": event.type.value})
