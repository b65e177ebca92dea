"""Submitting a report: validate against the directory, store it with its event, publish."""

from __future__ import annotations

from datetime import UTC, datetime

from services.intake.logic.attributes import check_answers
from services.intake.logic.uploads import check_uploads
from services.intake.models import ReportDraft
from services.intake.uploads import UploadRepository
from shared.directory import DirectoryRepository
from shared.errors import InvalidInput
from shared.events import EventType, ReportEvent
from shared.models import Report
from shared.repository import ReportRepository

SOURCE = "phananh.intake"


def submit_report(
    request: ReportDraft,
    reports: ReportRepository,
    directory: DirectoryRepository,
    uploads: UploadRepository,
    correlation_id: str,
    access_token_hash: str,
) -> Report:
    category = directory.category(request.category) if request.category else None
    if request.category and category is None:
        raise InvalidInput(
            f"Không có lĩnh vực '{request.category}'.",
            f"Unknown category '{request.category}'.",
            fields={"category": "unknown category code"},
        )
    attributes = check_answers(category, request.attributes)
    photos = check_uploads(request.photos, uploads)
    now = datetime.now(UTC)

    def build(report_id: str) -> tuple[Report, ReportEvent]:
        report = Report(
            id=report_id,
            created_at=now,
            updated_at=now,
            channel=request.channel,
            category=request.category,
            description=request.description,
            location=request.location,
            photos=photos,
            attributes=attributes,
            media_url=request.media_url,
            reporter=request.reporter,
            access_token_hash=access_token_hash,
        )
        event = ReportEvent(
            type=EventType.SUBMITTED,
            source=SOURCE,
            report_id=report_id,
            occurred_at=now,
            actor=f"citizen:{request.channel.value}",
            correlation_id=correlation_id,
            data={"category": report.category, "channel": report.channel.value, "photos": len(photos)},
        )
        return report, event

    report, _ = reports.create_new(build)
    return report
