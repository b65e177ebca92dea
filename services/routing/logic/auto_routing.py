"""Automatic routing of a new report: area from the point, category from the citizen or the text, then
the routing decision (agency or triage), with duplicate hints for the operator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from services.routing.logic.classify import classify
from services.routing.logic.duplicates import possible_duplicates
from services.routing.logic.ports import AreaFinder, NearbyReports, RoutingRules
from services.routing.logic.routing_decision import decide
from shared.errors import Conflict
from shared.events import ReportEvent
from shared.models import Report, Status
from shared.ports import ReportStore
from shared.status import ensure_transition

SOURCE = "phananh.routing"
ACTOR = "system:routing"
OTHER = "khac"  # "other": the citizen did not know; the text decides, and "other" is never routed by a rule


@dataclass(frozen=True)
class Routed:
    event: ReportEvent | None  # None: nothing done, `skipped` says why
    skipped: str | None = None


def _category(report: Report) -> tuple[str | None, str | None]:
    """(category, where it came from)."""
    if report.category and report.category != OTHER:
        return report.category, report.category_source or "citizen"
    guess = classify(report.description)
    if guess.category:
        return guess.category, "classifier"
    return report.category, report.category_source


def _area_code(report: Report, areas: AreaFinder) -> str | None:
    loc = report.location  # an Open311 request may give only an address: no point, no area
    return areas.area_at(loc.lat, loc.lon) if loc.lat is not None and loc.lon is not None else None


def _routed(
    submitted: ReportEvent, report: Report, rules: RoutingRules, areas: AreaFinder
) -> tuple[Report, ReportEvent]:
    area_code = _area_code(report, areas)
    category, source = _category(report)
    decision = decide(category if category != OTHER else None, area_code, rules)
    ensure_transition(report.status, decision.status)
    data: dict[str, Any] = {"category": category, "area_code": area_code}
    if decision.reason:
        data["reason"] = decision.reason
    event = submitted.follow_up(
        decision.event_type, SOURCE, ACTOR, **data, agency_id=decision.agency_id, status=decision.status.value
    )
    updated = report.model_copy(
        update={
            "status": decision.status,
            "agency_id": decision.agency_id,
            "category": category,
            "category_source": source,
            "location": report.location.model_copy(update={"area_code": area_code}),
            "version": report.version + 1,
            "updated_at": datetime.now(UTC),
        }
    )
    return updated, event


def route_report(
    submitted: ReportEvent,
    reports: ReportStore,
    rules: RoutingRules,
    areas: AreaFinder,
    nearby: NearbyReports,
) -> Routed:
    report = reports.get(submitted.report_id)
    if report is None or report.status is not Status.RECEIVED:
        return Routed(None, "nothing to route")
    updated, event = _routed(submitted, report, rules, areas)
    updated.possible_duplicates = possible_duplicates(updated, nearby)
    try:
        reports.commit(updated, report.version, [event])
    except Conflict:
        return Routed(None, "report changed meanwhile; another delivery routed it")
    return Routed(event)
