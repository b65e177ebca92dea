"""The SLA worker's logic: a report event → the report's clocks (rules in clocks.py)."""

from __future__ import annotations

from collections.abc import Callable

from services.sla.logic import clocks
from services.sla.logic.stats_facts import moves_figures
from shared.assignment_clock import deadlines_committed, deadlines_set, follow_up, on_assigned, recorded
from shared.errors import Conflict
from shared.events import EventType, ReportEvent
from shared.models import Category, Report
from shared.ports import DirectoryReader, ReportStore
from shared.sla_policy import SlaPolicy

ATTEMPTS = 3

# Events that move a clock: an older one arriving after a newer one must not undo it. The others that stop
# one (accepted, resolved, closed, rejected, merged) do so by the status alone, which their own commit
# wrote with the sweep's next instant (shared/clock_due.py): nothing is left to do for them here.
ORDERED = frozenset({EventType.ASSIGNED, EventType.SENT_BACK, EventType.PROGRESS_NOTED, EventType.REOPENED})
HANDLED = ORDERED


def _change(
    event: ReportEvent, category: Callable[[], Category | None], rules: SlaPolicy
) -> Callable[[Report], Report]:
    if event.type is EventType.ASSIGNED:
        return lambda report: on_assigned(report, event, category(), rules)
    if event.type is EventType.SENT_BACK:
        return lambda report: clocks.on_sent_back(report, event)
    if event.type is EventType.PROGRESS_NOTED:
        return lambda report: clocks.on_progress(report, event, rules)
    return lambda report: clocks.on_reopened(report, event, category(), rules)


def is_stale(report: Report, event: ReportEvent) -> bool:
    """An ordering event older than the last one applied: SQS delivered it late."""
    return (
        event.type in ORDERED and report.sla_clock_at is not None and event.occurred_at < report.sla_clock_at
    )


def clocked(
    report: Report, event: ReportEvent, directory: DirectoryReader, rules: SlaPolicy
) -> tuple[Report, bool]:
    """The report with this event applied to its clocks (untouched if stale) and recorded; and staleness."""
    stale = is_stale(report, event)

    def category() -> Category | None:
        return directory.category(report.category) if report.category else None

    updated = report if stale else _change(event, category, rules)(report)
    watermark = event.occurred_at if event.type in ORDERED and not stale else report.sla_clock_at
    return recorded(updated, event, watermark), stale


def restated(report: Report, cause: ReportEvent) -> ReportEvent:
    """Sla.Restated: this worker's own change moved a figure (a breached clock cleared by a send-back or
    restarted by a re-opening). The statistics count a report from the events of its commits, so a change
    that emitted none would wait for the report's next event."""
    return follow_up(EventType.SLA_RESTATED, report, cause, {})


def announcements(updated: Report, event: ReportEvent, stale: bool, rules: SlaPolicy) -> list[ReportEvent]:
    if not stale and event.type is EventType.ASSIGNED:
        return [deadlines_set(updated, event)]
    return [restated(updated, event)] if moves_figures(updated, rules.calendar) else []


def apply_clock_event(
    event: ReportEvent, reports: ReportStore, directory: DirectoryReader, rules: SlaPolicy
) -> Report | None:
    """Returns the report as saved, or None when the event changed nothing (repeat, stale, unknown).

    Reads nothing for an assignment that carries the deadlines its own commit set (decision 38): that
    commit also recorded it as applied, and the event exists only because the commit landed.
    Idempotent on the event id: the report keeps the ids of the last events applied, written in the same
    conditional update. Order-tolerant: SQS keeps no order, so a clock event older than the last one
    applied is stale and only recorded.
    """
    if event.type not in HANDLED or deadlines_committed(event):
        return None  # not a clock event, or an assignment whose own commit set its clocks (no read needed)
    for _ in range(ATTEMPTS):
        report = reports.get(event.report_id)
        if report is None or event.event_id in report.sla_events:
            return None
        updated, stale = clocked(report, event, directory, rules)
        announced = announcements(updated, event, stale, rules)
        try:
            reports.commit(updated, report.version, announced, expected_sla_rev=report.sla_rev)
        except Conflict:
            continue  # changed meanwhile (e.g. accepted already): read again
        return None if stale else updated
    raise Conflict(
        "Không cập nhật được hạn xử lý.", "Could not update the deadlines; the report keeps changing."
    )
