"""Who hears what: one event → the messages for its audiences, each sent once per recipient and channel,
and the agency's webhooks when the agency is one of them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.notify.logic.agency_view import agency_view
from services.notify.logic.message_log import logged_as
from services.notify.logic.ports import Messages, Templates
from services.notify.logic.render_failures import Rendering
from services.notify.logic.told_from_event import ReportRef, carries_its_messages
from services.notify.logic.webhook_attempt import WebhookChannel, payload, start_webhooks
from services.notify.models import CHAT_CHANNELS, Audience, Delivery, NotifySettings, Rendered
from shared.assignment_clock import committed_with_assignment
from shared.events import EventType, ReportEvent
from shared.models import Agency, Report
from shared.ports import DirectoryReader, ReportStore
from shared.timezone import VIETNAM


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
    EventType.SLA_STARTED: (Notice("agency", "agency_assigned"),),
    EventType.SLA_WARNING: (Notice("agency", "agency_reminder"),),
    EventType.SLA_BREACHED: (Notice("agency", "agency_overdue"),),
    EventType.SLA_ESCALATED: (Notice("leaders", "leaders_escalated"),),
}
DEADLINE_NAMES = {
    "vi": {"accept": "tiếp nhận", "answer": "phản hồi"},
    "en": {"accept": "accept", "answer": "answer"},
}


@dataclass(frozen=True)
class Notifier:
    """What announcing an event goes through: the reports, the directory, the channels."""

    reports: ReportStore
    directory: DirectoryReader
    messages: Messages
    templates: Templates
    webhooks: WebhookChannel
    settings: NotifySettings
    attempt_now: Callable[[], bool] = lambda: True


def recipients(
    audience: Audience, report: Report | None, agency: Agency | None, settings: NotifySettings
) -> Iterator[tuple[str, str, str]]:
    """(recipient, channel, language) for one audience.

    agencies    email (+ webhook where the agency registered an endpoint, see `announce`)
    reporters   in the chat they reported from (Zalo OA, Messenger), else email when they gave one,
                else SMS when they gave only a phone number
    operators   email (settings.operator_emails)
    leaders     email (settings.leader_emails)
    """
    if audience == "agency" and agency is not None:
        yield from ((str(a), "email", "vi") for a in agency.emails)
    elif audience == "reporter" and report is not None:
        language = report.reporter.language
        if report.reporter.chat:
            yield report.reporter.chat.user_id, report.reporter.chat.platform, language
        elif report.reporter.email:
            yield str(report.reporter.email), "email", language
        elif report.reporter.phone:
            yield report.reporter.phone, "sms", language
    elif audience == "operators":
        yield from ((a, "email", "vi") for a in settings.operator_emails)
    elif audience == "leaders":
        yield from ((a, "email", "vi") for a in settings.leader_emails)


def _names(
    category_code: str | None, agency: Agency | None, directory: DirectoryReader, english: bool
) -> dict[str, str]:
    category = directory.category(category_code) if category_code else None
    if category is not None:
        category_name = category.name_en if english else category.name_vi
    else:
        category_name = "Uncategorised" if english else "Chưa phân loại"
    default_agency = "the agency" if english else "cơ quan xử lý"
    return {"agency_name": agency.name if agency else default_agency, "category_name": category_name}


def event_context(
    event: ReportEvent, category: str | None, agency: Agency | None, deps: Notifier, language: str
) -> dict[str, Any]:
    """What a message is filled with from the event, the directory and the settings alone."""
    return {
        **_names(category, agency, deps.directory, language == "en"),
        "link": f"{deps.settings.public_web_url}/r/{event.report_id}",  # the web app's track page
        "staff_link": f"{deps.settings.public_web_url}/staff/r/{event.report_id}",  # the staff console's page
        "deadline_name": DEADLINE_NAMES[language].get(str(event.data.get("deadline", "answer")), ""),
        "satisfied": bool(event.data.get("satisfied")),
        "score": event.data.get("score"),
        "reason": event.data.get("reason"),
    }


def message_context(
    event: ReportEvent, report: Report, agency: Agency | None, deps: Notifier, language: str
) -> dict[str, Any]:
    """What the templates of this event's messages are filled with."""
    due = event.data.get("due_at") or (report.answer_due_at.isoformat() if report.answer_due_at else None)
    return {
        **event_context(event, report.category, agency, deps, language),
        "report": report,
        "received_at": report.created_at.astimezone(VIETNAM).strftime("%H:%M %d/%m/%Y"),
        "due_at": _local_time(due),
        "accept_due_at": _local_time(_iso(report.accept_due_at)),
        "answer_due_at": _local_time(_iso(report.answer_due_at)),
        "answer": event.data.get("answer") or report.answer or "",
    }


def _context(
    event: ReportEvent, report: Report | None, agency: Agency | None, deps: Notifier, language: str
) -> dict[str, Any]:
    if report is not None:
        return message_context(event, report, agency, deps, language)
    category = event.data.get("category")
    return {
        **event_context(event, str(category) if category else None, agency, deps, language),
        "report": ReportRef(id=event.report_id),
    }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _local_time(value: str | None) -> str:
    if not value:
        return ""
    try:
        return datetime.fromisoformat(value).astimezone(VIETNAM).strftime("%H:%M %d/%m/%Y")
    except ValueError:
        return ""


def as_assignment(event: ReportEvent) -> ReportEvent:
    """Sla.Started told as the assignment it completes: same id (so the agency hears it once, whichever
    of the two arrives first with the deadlines set), type and data, plus the deadlines."""
    return event.model_copy(
        update={
            "type": EventType.ASSIGNED,
            "event_id": str(event.data.get("assigned_event_id") or event.event_id),
        }
    )


def _audiences(event: ReportEvent, report: Report) -> tuple[Notice, ...]:
    """The notices of this event. The agency hears of an assignment with its deadlines: on Report.Assigned
    when they are set (whoever assigns sets them in the same commit and records the assignment as applied;
    the SLA service records the events it applied), else on Sla.Started."""
    notices = PLAN.get(event.type, ())
    if event.type is EventType.ASSIGNED and event.event_id not in report.sla_events:
        return tuple(n for n in notices if n.audience != "agency")
    return notices


def _nobody_to_tell(event: ReportEvent) -> bool:
    """Nothing to read the report for: an event only its reporter hears of, who left no way to reach them
    (Report.Submitted says so); or a Sla.Started committed with its assignment, whose Report.Assigned finds
    the deadlines set and tells the agency under the same id (only the SLA worker's own Sla.Started, for an
    assignment whose deadlines it set, is told as that assignment)."""
    only_reporter = all(n.audience == "reporter" for n in PLAN.get(event.type, ()))
    return (only_reporter and event.data.get("reachable") is False) or committed_with_assignment(event)


def announce(event: ReportEvent, deps: Notifier) -> str:
    """Tells every audience of the event; returns "announced", "nothing_to_tell" or "report_missing".
    Raises `MessagesNotRendered` when a message's template failed, after sending the others (and starting
    the webhooks): the event is retried, and what was sent is not sent again."""
    if not PLAN.get(event.type) or _nobody_to_tell(event):
        return "nothing_to_tell"
    if _told_from_event(event, deps):
        return "announced"
    report = deps.reports.get(event.report_id)
    if report is None:
        return "report_missing"
    if event.type is EventType.SLA_STARTED:
        event = as_assignment(event)
    notices = _audiences(event, report)
    agency_id = event.data.get("agency_id") or report.agency_id
    agency = deps.directory.agency(str(agency_id)) if agency_id else None
    rendering = Rendering(deps.templates)
    deps.messages.send_all(
        [d for n in notices for d in _deliveries(n, event, report, agency, deps, rendering)]
    )
    if agency is not None and any(n.audience == "agency" for n in notices):
        body = payload(event, agency_view(report))
        start_webhooks(event, agency.id, body, deps.webhooks, deps.settings, deps.attempt_now)
    rendering.raise_failures(_named(event))
    return "announced"


def _told_from_event(event: ReportEvent, deps: Notifier) -> bool:
    """Sends the messages of an event that carries all they say (told_from_event.py) without reading the
    report, unless its agency has an enabled webhook endpoint: the webhook's body is the report as the
    agency sees it, so then the report is read and the event told as any other."""
    if not carries_its_messages(event):
        return False
    agency = deps.directory.agency(str(event.data["agency_id"]))
    if agency is None or any(e.enabled for e in deps.webhooks.endpoints.of_agency(agency.id)):
        return False
    rendering = Rendering(deps.templates)
    deps.messages.send_all(
        [d for n in PLAN[event.type] for d in _deliveries(n, event, None, agency, deps, rendering)]
    )
    rendering.raise_failures(_named(event))
    return True


def _named(event: ReportEvent) -> str:
    """The event as a failure names it: its type and report (a tracking code, not personal)."""
    return f"{event.type.value} of {event.report_id}"


def _text(parts: Rendered, channel: str) -> str:
    if channel in CHAT_CHANNELS:
        return parts.chat or parts.sms
    return parts.sms if channel == "sms" else parts.text


def _deliveries(
    notice: Notice,
    event: ReportEvent,
    report: Report | None,
    agency: Agency | None,
    deps: Notifier,
    rendering: Rendering,
) -> Iterator[Delivery]:
    """The notice's messages that rendered; without the report (an event told from its data), to the
    agency only."""
    for recipient, channel, language in recipients(notice.audience, report, agency, deps.settings):
        context = _context(event, report, agency, deps, language)
        parts = rendering.render(notice.message, language, context, notice.audience, channel)
        if parts is None:
            continue
        yield Delivery(
            event_id=event.event_id,
            report_id=event.report_id,
            recipient=recipient,
            channel=channel,
            subject=parts.subject,
            text=_text(parts, channel),
            html=parts.html,
            event_type=event.type.value,
            audience=notice.audience,
            agency_id=agency.id if agency else None,
            logged_as=logged_as(recipient, notice.audience),
        )
