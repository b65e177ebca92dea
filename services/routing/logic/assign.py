"""Automatic routing: area from the point, category from the citizen or the text, then category × area →
agency, or triage when no rule matches or the text classifier is not confident (never a guess)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools import Logger

from services.routing.logic.classify import classify
from services.routing.logic.duplicates import possible_duplicates
from services.routing.logic.geo import area_code_at
from shared.directory import DirectoryRepository
from shared.errors import Conflict
from shared.events import EventType, ReportEvent
from shared.models import Report, Status
from shared.repository import ReportRepository
from shared.status import ensure_transition

logger = Logger(child=True)
SOURCE = "phananh.routing"
ACTOR = "system:routing"
OTHER = "khac"  # "other": the citizen did not know; the text decides


def _category(report: Report) -> tuple[str | None, str | None]:
    """(category, where it came from)."""
    if report.category and report.category != OTHER:
        return report.category, report.category_source or "citizen"
    guess = classify(report.description)
    if guess.category:
        return guess.category, "classifier"
    return report.category, report.category_source


def route_report(
    submitted: ReportEvent, reports: ReportRepository, directory: DirectoryRepository
) -> ReportEvent | None:
    """Returns the event emitted, or None when there was nothing to do (e.g. a repeated delivery)."""
    report = reports.get(submitted.report_id)
    if report is None or report.status is not Status.RECEIVED:
        logger.info("nothing to route", extra={"report_id": submitted.report_id})
        return None
    loc = report.location  # an Open311 request may give only an address: no point, no area
    area_code = (
        area_code_at(loc.lat, loc.lon, directory) if loc.lat is not None and loc.lon is not None else None
    )
    category, source = _category(report)
    agency_id = directory.agency_for(category, area_code) if category and category != OTHER else None
    data: dict[str, Any] = {"category": category, "area_code": area_code}
    if agency_id:
        target, type_ = Status.ASSIGNED, EventType.ASSIGNED
    else:
        target, type_ = Status.TRIAGE, EventType.NEEDS_TRIAGE
        data["reason"] = "no_rule" if category and category != OTHER else "low_confidence"
    ensure_transition(report.status, target)
    event = submitted.follow_up(type_, SOURCE, ACTOR, **data, agency_id=agency_id, status=target.value)
    updated = report.model_copy(
        update={
            "status": target,
            "agency_id": agency_id,
            "category": category,
            "category_source": source,
            "location": report.location.model_copy(update={"area_code": area_code}),
            "version": report.version + 1,
            "updated_at": datetime.now(UTC),
        }
    )
    updated.possible_duplicates = possible_duplicates(updated, reports)
    try:
        reports.commit(updated, report.version, [event])
    except Conflict:
        logger.info("report changed meanwhile; another delivery routed it", extra={"report_id": report.id})
        return None
    return event
