"""Automatic routing: category × area → agency, or triage when no rule matches."""

from __future__ import annotations

from datetime import UTC, datetime

from aws_lambda_powertools import Logger

from shared.directory import DirectoryRepository
from shared.errors import Conflict
from shared.events import EventType, ReportEvent
from shared.models import Status
from shared.outbox import flush
from shared.repository import ReportRepository
from shared.status import ensure_transition

logger = Logger(child=True)
SOURCE = "phananh.routing"
ACTOR = "system:routing"


def route_report(
    submitted: ReportEvent, reports: ReportRepository, directory: DirectoryRepository
) -> ReportEvent | None:
    """Returns the event emitted, or None when there was nothing to do (e.g. a repeated delivery)."""
    report = reports.get(submitted.report_id)
    if report is None or report.status is not Status.RECEIVED:
        logger.info("nothing to route", extra={"report_id": submitted.report_id})
        return None
    agency_id = directory.agency_for(report.category, report.location.area_code) if report.category else None
    if agency_id:
        target = Status.ASSIGNED
        event = submitted.follow_up(
            EventType.ASSIGNED, SOURCE, ACTOR, agency_id=agency_id, category=report.category
        )
    else:
        target = Status.TRIAGE
        reason = "no_rule" if report.category else "no_category"
        event = submitted.follow_up(
            EventType.NEEDS_TRIAGE, SOURCE, ACTOR, reason=reason, category=report.category
        )
    ensure_transition(report.status, target)
    updated = report.model_copy(
        update={
            "status": target,
            "agency_id": agency_id,
            "version": report.version + 1,
            "updated_at": datetime.now(UTC),
        }
    )
    try:
        reports.save(updated, report.version, event)
    except Conflict:
        logger.info("report changed meanwhile; another delivery routed it", extra={"report_id": report.id})
        return None
    flush(reports, [event])
    return event
