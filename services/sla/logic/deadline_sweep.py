"""The scheduled sweep: SLA warnings, breaches and escalations. It reads the sparse `due` index, so the
cost grows with the reports due, never with the table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from services.sla.logic.clocks import Owed, owed
from shared.errors import Conflict
from shared.events import EventType, ReportEvent
from shared.ids import deterministic_event_id
from shared.models import Report
from shared.ports import ReportStore

SOURCE = "phananh.sla"
ACTOR = "system:sla"
COUNTED = {
    EventType.SLA_WARNING: "warned",
    EventType.SLA_BREACHED: "breached",
    EventType.SLA_ESCALATED: "escalated",
}


@dataclass
class SweepResult:
    breached: int = 0
    warned: int = 0
    escalated: int = 0
    looked_at: int = 0


def sla_event(report: Report, step: Owed, now: datetime) -> ReportEvent:
    due = step.clock.due_at.isoformat()
    return ReportEvent(
        type=step.type,
        source=SOURCE,
        event_id=deterministic_event_id(report.id, step.type.value, step.kind, due),
        report_id=report.id,
        occurred_at=now,
        actor=ACTOR,
        correlation_id=report.id,
        data={"deadline": step.kind, "due_at": due, "agency_id": report.agency_id},
    )


def sweep(reports: ReportStore, now: datetime | None = None) -> SweepResult:
    """Emits what each report of the `due` index (open, unpaused, keyed by the next instant owed) is owed.

    Idempotent: what was emitted is recorded on the report in the same transaction as the events, and
    each event's id is derived from the fact (report, event, deadline, due instant), so a repeat is
    deduplicated downstream even if a crash came between the two.
    """
    now = now or datetime.now(UTC)
    result = SweepResult()
    for report in reports.due_before(now):
        result.looked_at += 1
        updated, steps = owed(report, now)
        events = [sla_event(report, step, now) for step in steps]
        try:
            # Leaves the due index, or moves to the next instant owed: each step is emitted once.
            reports.commit(
                updated.model_copy(update={"sla_rev": report.sla_rev + 1}),
                report.version,
                events,
                expected_sla_rev=report.sla_rev,
            )
        except Conflict:
            continue  # changed meanwhile; the next sweep looks again
        for event in events:
            name = COUNTED[event.type]
            setattr(result, name, getattr(result, name) + 1)
    return result
