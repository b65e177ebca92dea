"""Submitting a report: validate against the directory, store it with its event, publish."""

from __future__ import annotations

from datetime import UTC, datetime

from services.intake.models import SubmitReport
from shared.directory import DirectoryRepository
from shared.errors import Conflict, InvalidInput
from shared.events import EventType, ReportEvent
from shared.ids import new_report_id
from shared.models import Location, Report
from shared.outbox import flush
from shared.repository import ReportRepository

SOURCE = "phananh.intake"
ID_ATTEMPTS = 5


def submit_report(
    request: SubmitReport,
    reports: ReportRepository,
    directory: DirectoryRepository,
    correlation_id: str,
) -> Report:
    if request.category and directory.category(request.category) is None:
        raise InvalidInput(
            f"Không có lĩnh vực '{request.category}'.",
            f"Unknown category '{request.category}'.",
            fields={"category": "unknown category code"},
        )
    now = datetime.now(UTC)
    for _ in range(ID_ATTEMPTS):
        report = Report(
            id=new_report_id(),
            created_at=now,
            updated_at=now,
            channel=request.channel,
            category=request.category,
            description=request.description,
            location=Location(**request.location.model_dump()),
            reporter=request.reporter,
        )
        event = ReportEvent(
            type=EventType.SUBMITTED,
            source=SOURCE,
            report_id=report.id,
            occurred_at=now,
            actor=f"citizen:{request.channel.value}",
            correlation_id=correlation_id,
            data={"category": report.category, "channel": report.channel.value},
        )
        try:
            reports.create(report, event)
        except Conflict:
            continue  # the tracking code was taken: draw another
        flush(reports, [event])
        return report
    raise RuntimeError("could not draw a free tracking code")
