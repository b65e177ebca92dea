"""The SLA worker's logic: a report event → the report's clocks (rules in clocks.py).

Idempotent on the event id (the report keeps the ids of the last events applied, written in the same
conditional update), and order-tolerant: a clock event older than the last one applied is stale
(SQS does not keep order) and is ignored.
"""

from __future__ import annotations

from collections.abc import Callable

from aws_lambda_powertools import Logger

from services.sla.logic import clocks
from shared.directory import DirectoryRepository
from shared.errors import Conflict
from shared.events import EventType, ReportEvent
from shared.models import Category, Report
from shared.repository import ReportRepository

logger = Logger(child=True)
ATTEMPTS = 3

# Events that move a clock: an older one arriving after a newer one must not undo it.
ORDERED = frozenset({EventType.ASSIGNED, EventType.SENT_BACK, EventType.PROGRESS_NOTED, EventType.REOPENED})
# Events after which the status alone says which clocks stopped.
STOPPING = frozenset(
    {EventType.ACCEPTED, EventType.RESOLVED, EventType.CLOSED, EventType.REJECTED, EventType.MERGED}
)
HANDLED = ORDERED | STOPPING


def _change(event: ReportEvent, category: Callable[[], Category | None]) -> Callable[[Report], Report]:
    if event.type is EventType.ASSIGNED:
        return lambda report: clocks.on_assigned(report, event, category())
    if event.type is EventType.SENT_BACK:
        return lambda report: clocks.on_sent_back(report, event)
    if event.type is EventType.PROGRESS_NOTED:
        return lambda report: clocks.on_progress(report, event)
    if event.type is EventType.REOPENED:
        return lambda report: clocks.on_reopened(report, event, category())
    return clocks.refreshed


def apply_clock_event(
    event: ReportEvent, reports: ReportRepository, directory: DirectoryRepository
) -> Report | None:
    """Returns the report as saved, or None when the event changed nothing (repeat, stale, unknown)."""
    if event.type not in HANDLED:
        return None
    for _ in range(ATTEMPTS):
        report = reports.get(event.report_id)
        if report is None or event.event_id in report.sla_events:
            return None
        stale = (
            event.type in ORDERED
            and report.sla_clock_at is not None
            and event.occurred_at < report.sla_clock_at
        )

        def category(report: Report = report) -> Category | None:
            return directory.category(report.category) if report.category else None

        updated = report if stale else _change(event, category)(report)
        watermark = report.sla_clock_at
        if event.type in ORDERED and not stale:
            watermark = event.occurred_at
        updated = updated.model_copy(
            update={
                "sla_events": [*report.sla_events, event.event_id][-clocks.KEEP_EVENT_IDS :],
                "sla_clock_at": watermark,
                "sla_rev": report.sla_rev + 1,
            }
        )
        try:
            reports.commit(updated, report.version, [], expected_sla_rev=report.sla_rev)
        except Conflict:
            continue  # changed meanwhile (e.g. accepted already): read again
        logger.info(
            "clocks updated",
            extra={"report_id": report.id, "event_type": event.type.value, "stale": stale},
        )
        return None if stale else updated
    raise Conflict(
        "Không cập nhật được hạn xử lý.", "Could not update the deadlines; the report keeps changing."
    )
