"""The scheduled sweep: breaches of answer deadlines, and the outbox relay.

Both read sparse indexes, so the cost grows with the number of reports due, never with the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from aws_lambda_powertools import Logger

from shared.errors import Conflict
from shared.events import EventType, ReportEvent
from shared.ids import deterministic_event_id
from shared.outbox import flush
from shared.repository import ReportRepository

logger = Logger(child=True)
SOURCE = "phananh.sla"
ACTOR = "system:sla"
RELAY_GRACE = timedelta(seconds=60)  # younger outbox items are still being published by their writer


@dataclass
class SweepResult:
    breached: int = 0
    relayed: int = 0


def sweep(reports: ReportRepository, now: datetime | None = None) -> SweepResult:
    now = now or datetime.now(UTC)
    result = SweepResult()
    result.relayed = relay_outbox(reports, now)
    for report in reports.due_before(now):
        if report.answer_due_at is None:  # cannot happen: the index only holds reports with a deadline
            continue
        due = report.answer_due_at.isoformat()
        event = ReportEvent(
            type=EventType.SLA_BREACHED,
            source=SOURCE,
            event_id=deterministic_event_id(report.id, "breached", "answer", due),
            report_id=report.id,
            occurred_at=now,
            actor=ACTOR,
            correlation_id=report.id,
            data={"deadline": "answer", "due_at": due, "agency_id": report.agency_id},
        )
        updated = report.model_copy(update={"breached_at": now, "version": report.version + 1})
        try:
            reports.save(updated, report.version, event)  # leaves the due index: breached once
        except Conflict:
            continue  # changed meanwhile; the next sweep looks again
        flush(reports, [event])
        result.breached += 1
    return result


def relay_outbox(reports: ReportRepository, now: datetime) -> int:
    stuck = reports.unpublished_before(now - RELAY_GRACE)
    if stuck and flush(reports, stuck):
        logger.warning("relayed events the writer had not published", extra={"count": len(stuck)})
        return len(stuck)
    return 0
