"""Reading a report: the public's view, and the reporter's own view behind the access token."""

from __future__ import annotations

import hashlib

from services.intake.logic.access import check_token
from services.intake.logic.ports import PhotoResultStore
from services.intake.logic.public_visibility import publicly_visible
from services.intake.models import (
    PublicLocation,
    PublicPhoto,
    PublicReport,
    RatingOut,
    ReporterPhoto,
    ReporterReport,
    TimelineStep,
)
from shared.errors import NotFound
from shared.events import EventType
from shared.ids import is_report_id, normalise_report_id
from shared.models import PhotoResult, Report, Status
from shared.ports import ReportStore


def find_report(raw_id: str, reports: ReportStore) -> Report:
    report_id = normalise_report_id(raw_id)
    report = reports.get(report_id) if is_report_id(report_id) else None
    if report is None:
        raise NotFound(
            f"Không tìm thấy phản ánh {raw_id[:20]}.",
            f"No report with tracking code {raw_id[:20]}.",
        )
    return report


def answer_digest(answer: str) -> str:
    """Which answer a rating is about: a re-opened report answered anew may be rated again."""
    return hashlib.sha256(answer.encode()).hexdigest()[:16]


def can_rate(report: Report) -> bool:
    answered = report.status is Status.CLOSED and bool(report.answer)
    return answered and (
        report.rating is None or report.rating.answer_digest != answer_digest(report.answer or "")
    )


def public_answer(report: Report) -> str | None:
    """The answer once published (status closed); a draft on a resolved report stays with staff."""
    return report.answer if report.status is Status.CLOSED else None


def photo_url(api_base: str, report_id: str, upload_id: str, thumbnail: bool = False) -> str:
    return f"{api_base}/v1/reports/{report_id}/photos/{upload_id}" + ("?size=thumb" if thumbnail else "")


def public_location(report: Report) -> PublicLocation:
    loc = report.location
    return PublicLocation(lat=loc.lat, lon=loc.lon, address=loc.address, area_code=loc.area_code)


def _ready_photos(
    report_id: str, upload_ids: list[str], results: dict[str, PhotoResult], api_base: str
) -> list[PublicPhoto]:
    return [
        PublicPhoto(
            id=upload_id,
            url=photo_url(api_base, report_id, upload_id),
            thumbnail_url=photo_url(api_base, report_id, upload_id, thumbnail=True),
        )
        for upload_id in upload_ids
        if upload_id in results and results[upload_id].status == "ready"
    ]


def public_photos(report: Report, results: dict[str, PhotoResult], api_base: str) -> list[PublicPhoto]:
    return _ready_photos(report.id, report.photos, results, api_base)


def answer_photos(report: Report, results: dict[str, PhotoResult], api_base: str) -> list[PublicPhoto]:
    """The agency's answer photos, public with the answer only (status closed), cleaned ones only."""
    if public_answer(report) is None:
        return []
    return _ready_photos(report.id, report.answer_photos, results, api_base)


def _results(report: Report, photos: PhotoResultStore) -> dict[str, PhotoResult]:
    return photos.for_report(report.id) if report.photos or report.answer_photos else {}


def _reporter_photo(
    report: Report, upload_id: str, result: PhotoResult | None, api_base: str
) -> ReporterPhoto:
    if result is None:
        return ReporterPhoto(id=upload_id, status="pending")
    if result.status == "rejected":
        return ReporterPhoto(
            id=upload_id, status="rejected", message_vi=result.message_vi, message_en=result.message_en
        )
    return ReporterPhoto(
        id=upload_id,
        status="ready",
        url=photo_url(api_base, report.id, upload_id),
        thumbnail_url=photo_url(api_base, report.id, upload_id, thumbnail=True),
    )


def _common(report: Report, reports: ReportStore) -> dict[str, object]:
    return {
        "id": report.id,
        "created_at": report.created_at,
        "updated_at": report.updated_at,
        "status": report.status,
        "channel": report.channel,
        "category": report.category,
        "description": report.description,
        "location": public_location(report),
        "attributes": report.attributes,
        "agency_id": report.agency_id,
        "answer_due_at": report.answer_due_at,
        "answer": public_answer(report),
        "timeline": [
            TimelineStep.model_validate(step)
            for step in reports.timeline(report.id)
            # bookkeeping: the assignment's step says the first, the statistics want the second
            if step.get("type") not in (EventType.SLA_STARTED, EventType.SLA_RESTATED)
        ],
    }


def public_report(raw_id: str, reports: ReportStore, photos: PhotoResultStore, api_base: str) -> PublicReport:
    report = publicly_visible(find_report(raw_id, reports), raw_id)
    results = _results(report, photos)
    return PublicReport.model_validate(
        {
            **_common(report, reports),
            "photos": public_photos(report, results, api_base),
            "answer_photos": answer_photos(report, results, api_base),
        }
    )


def reporter_report(
    raw_id: str, token: str, reports: ReportStore, photos: PhotoResultStore, api_base: str
) -> ReporterReport:
    report = find_report(raw_id, reports)
    check_token(token, report.access_token_hash)
    results = _results(report, photos)
    rating = report.rating
    return ReporterReport.model_validate(
        {
            **_common(report, reports),
            "photos": [_reporter_photo(report, u, results.get(u), api_base) for u in report.photos],
            "answer_photos": answer_photos(report, results, api_base),
            "reporter": report.reporter.without_chat(),
            "rating": RatingOut.model_validate(rating.model_dump()) if rating else None,
            "can_rate": can_rate(report),
        }
    )
