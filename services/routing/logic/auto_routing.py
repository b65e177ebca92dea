"""Routing a report: area from the point, category from the citizen or the text, then agency or triage.

`decide` is the one agency-or-triage rule, applied here by the routing worker and by an operator's
`classify` (case_actions.py): a category with a rule for the report's area (or a province-wide one) goes to
that agency; anything else goes to triage for a person to decide, never a guess. An assignment sets its
deadlines in the same commit (shared/assignment_clock.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from services.routing.logic.classify import classify
from services.routing.logic.duplicates import WINDOW, possible_duplicates
from services.routing.logic.ports import AreaFinder, NearbyReports, RoutingDirectory, RoutingRules
from shared.assignment_clock import assigned_with_deadlines
from shared.errors import Conflict
from shared.events import EventType, ReportEvent
from shared.models import Report, Status
from shared.ports import ReportStore
from shared.sla_policy import SlaPolicy
from shared.status import ensure_transition

SOURCE = "phananh.routing"
ACTOR = "system:routing"
OTHER = "khac"  # "other": the citizen did not know; the text decides, and "other" is never routed by a rule


NO_RULE = "no_rule"  # a category, but no agency for it here
LOW_CONFIDENCE = "low_confidence"  # no category: the text classifier was not sure


@dataclass(frozen=True)
class Decision:
    agency_id: str | None
    status: Status
    event_type: EventType
    reason: str | None  # why triage; None when assigned


def decide(category: str | None, area_code: str | None, rules: RoutingRules) -> Decision:
    agency_id = rules.agency_for(category, area_code) if category else None
    if agency_id:
        return Decision(agency_id, Status.ASSIGNED, EventType.ASSIGNED, None)
    reason = NO_RULE if category else LOW_CONFIDENCE
    return Decision(None, Status.TRIAGE, EventType.NEEDS_TRIAGE, reason)


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
    submitted: ReportEvent, report: Report, rules: RoutingDirectory, areas: AreaFinder
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


def _as_filed(submitted: ReportEvent, nearby: NearbyReports) -> Report | None:
    """The report as filed, from the duplicate hint's own read of its neighbourhood, where a report with a
    category and a point is indexed: no read of its own. The index lags the table, but a copy at version 1
    and sla_rev 0 can only be the report as filed (every change bumps one of them), and the commit is
    conditional on both: a report changed since is read afresh."""
    category, lat, lon = (submitted.data.get(k) for k in ("category", "lat", "lon"))
    if not isinstance(category, str) or not isinstance(lat, float | int) or not isinstance(lon, float | int):
        return None
    # A second before the hints' window: stored times are cut to the millisecond, and the hints' own ask
    # (from the stored creation time) is then within this read.
    since = submitted.occurred_at - WINDOW - timedelta(seconds=1)
    for other in nearby.around(category, float(lat), float(lon), since):
        if other.id == submitted.report_id and (other.version, other.sla_rev) == (1, 0):
            return other
    return None


@dataclass(frozen=True)
class Router:
    """What routing a report goes through: the store, the directory, the map, the neighbourhood, and the
    SLA policy an assignment's deadlines follow."""

    reports: ReportStore
    rules: RoutingDirectory
    areas: AreaFinder
    nearby: NearbyReports
    deadlines: SlaPolicy


def _route(submitted: ReportEvent, report: Report, deps: Router) -> Routed | None:
    """Routes `report` as read; None when it changed since (the commit's condition)."""
    if report.status is not Status.RECEIVED:
        return Routed(None, "nothing to route")
    updated, event = _routed(submitted, report, deps.rules, deps.areas)
    updated.possible_duplicates = possible_duplicates(updated, deps.nearby)
    events = [event]
    if event.type is EventType.ASSIGNED:
        category = deps.rules.category(updated.category) if updated.category else None
        updated, started = assigned_with_deadlines(report, updated, event, category, deps.deadlines)
        events.append(started)
    try:
        deps.reports.commit(updated, report.version, events, expected_sla_rev=report.sla_rev)
    except Conflict:
        return None
    return Routed(event)


def route_report(submitted: ReportEvent, deps: Router) -> Routed:
    """Skips a report no longer `received` (a redelivery, or an operator was first). `deps.nearby` should
    remember its reads for this one event: the report as filed and its duplicate hints come from one."""
    found = _as_filed(submitted, deps.nearby)
    routed = _route(submitted, found, deps) if found else None
    if routed is not None:
        return routed
    report = deps.reports.get(submitted.report_id)
    if report is None:
        return Routed(None, "nothing to route")
    routed = _route(submitted, report, deps)
    return routed or Routed(None, "report changed meanwhile; another delivery routed it")
