"""Helpers for the notify tests: a report in the table, an event for it on the notify queue."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from shared.events import EventType, ReportEvent
from shared.models import Location, Report, Reporter, Status
from shared.repository import ReportRepository
from tests.support import stored_earlier

DESCRIPTION = "Đèn đường trước trường tiểu học bị hỏng cả tuần nay"


def a_report(reporter: Reporter | None = None, agency_id: str | None = "dien-luc", **changes: Any) -> Report:
    now = datetime.now(UTC)
    report = Report(
        id=f"PA-{uuid.uuid4().hex[:4].upper()}-TEST",
        created_at=now,
        updated_at=now,
        channel="web",
        category="dien",
        description=DESCRIPTION,
        location=Location(lat=9.1769, lon=105.1524, address="Đường Trần Hưng Đạo"),
        reporter=reporter or Reporter(),
        status=Status.ASSIGNED if agency_id else Status.RECEIVED,
        agency_id=agency_id,
        **changes,
    )
    event = ReportEvent(
        type=EventType.SUBMITTED, source="phananh.intake", report_id=report.id, actor="t", correlation_id="c"
    )
    stored_earlier(report, event)
    return report


def an_event(report: Report, type: EventType = EventType.ASSIGNED, **data: Any) -> ReportEvent:
    if report.agency_id and "agency_id" not in data:
        data["agency_id"] = report.agency_id
    data.setdefault("status", report.status.value)
    event = ReportEvent(
        type=type,
        source="phananh.test",
        report_id=report.id,
        actor="system:test",
        correlation_id=report.id,
        data=data,
    )
    if type is EventType.ASSIGNED:
        deadlines_set(event)
    return event


def deadlines_set(assigned: ReportEvent) -> None:
    """What the SLA worker does before notify tells the agency: the assignment's deadlines set."""
    repo = ReportRepository()
    current = repo.get(assigned.report_id)
    if current is None:
        return
    clocked = current.model_copy(
        update={
            "sla_events": [*current.sla_events, assigned.event_id],
            "sla_rev": current.sla_rev + 1,
            "accept_due_at": current.created_at + timedelta(hours=4),
            "answer_due_at": current.created_at + timedelta(days=3),
        }
    )
    repo.commit(clocked, current.version, [], expected_sla_rev=current.sla_rev)


def bus_body(event: ReportEvent) -> str:
    """The event as an EventBridge rule delivers it to the notify queue."""
    return json.dumps(
        {
            "id": str(uuid.uuid4()),
            "detail-type": event.type.value,
            "source": event.source,
            "time": event.occurred_at.isoformat(),
            "detail": json.loads(event.model_dump_json()),
        }
    )
