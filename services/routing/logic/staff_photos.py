"""Staff see a report's photos and its answer's photos before anything is published: the cleaned copies
the photo worker made (never the original upload, which may still carry its GPS tags), and, for a photo
the worker refused, why."""

from __future__ import annotations

from services.routing.logic.access import ensure_visible
from services.routing.logic.ports import PhotoChecks, PhotoFiles
from services.routing.models.staff import PhotoState
from shared.errors import NotFound
from shared.models import PhotoResult, Report
from shared.ports import ReportStore
from shared.principal import Principal

# The answer travels base64-encoded through API Gateway and Lambda (6 MB at most); the worker's cleaned
# copies are far smaller, so this only bounds a read that would otherwise be unbounded.
MAX_PHOTO_BYTES = 4_000_000


def _state(result: PhotoResult | None) -> PhotoState:
    if result is None:
        return PhotoState(status="pending")
    if result.status == "ready":
        return PhotoState(status="ready")
    return PhotoState(status="rejected", message_vi=result.message_vi, message_en=result.message_en)


def photo_states(report: Report, results: dict[str, PhotoResult]) -> dict[str, PhotoState]:
    """Each photo of the report and of its answer: ready to show, refused (and why), or not checked yet."""
    ids = [*report.photos, *report.answer_photos]
    return {upload_id: _state(results.get(upload_id)) for upload_id in ids}


def _no_photo(result: PhotoResult | None) -> NotFound:
    if result is not None and result.status == "rejected":
        return NotFound(
            f"Ảnh bị từ chối: {result.message_vi or ''}".strip(),
            f"Photo rejected: {result.message_en or ''}".strip(),
        )
    if result is None:
        return NotFound("Ảnh đang được kiểm tra, hãy thử lại sau.", "The photo is still being checked.")
    return NotFound("Không có ảnh này.", "No such photo.")


def staff_photo(
    principal: Principal,
    report_id: str,
    upload_id: str,
    thumbnail: bool,
    reports: ReportStore,
    checks: PhotoChecks,
    files: PhotoFiles,
) -> bytes:
    """The cleaned JPEG (or its thumbnail) of one photo of a report the caller may read."""
    report = ensure_visible(principal, reports.get(report_id), report_id)
    if upload_id not in report.photos and upload_id not in report.answer_photos:
        raise NotFound("Không có ảnh này.", "No such photo.")
    result = checks.get(report.id, upload_id)
    key = None
    if result is not None and result.status == "ready":
        key = result.thumbnail_key if thumbnail else result.public_key
    if key is None:
        raise _no_photo(result)
    return files.read(key, MAX_PHOTO_BYTES)
