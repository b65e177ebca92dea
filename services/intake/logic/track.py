"""Reading a report as the public sees it."""

from __future__ import annotations

from services.intake.models import PublicLocation, PublicReport, TimelineStep
from shared.errors import NotFound
from shared.ids import is_report_id, normalise_report_id
from shared.repository import ReportRepository


def public_report(raw_id: str, reports: ReportRepository) -> PublicReport:
    report_id = normalise_report_id(raw_id)
    report = reports.get(report_id) if is_report_id(report_id) else None
    if report is None:
        raise NotFound(
            f"Không tìm thấy phản ánh {raw_id[:20]}.",
            f"No report with tracking code {raw_id[:20]}.",
        )
    return PublicReport(
        id=report.id,
        created_at=report.created_at,
        updated_at=report.updated_at,
        status=report.status,
        channel=report.channel,
        category=report.category,
        description=report.description,
        location=PublicLocation(
            lat=report.location.lat, lon=report.location.lon, address=report.location.address
        ),
        agency_id=report.agency_id,
        answer_due_at=report.answer_due_at,
        answer=report.answer,
        timeline=[TimelineStep.model_validate(step) for step in reports.timeline(report.id)],
    )
