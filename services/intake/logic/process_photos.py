"""The photo worker's job for one submitted report: check each referenced upload, publish clean copies."""

from __future__ import annotations

from datetime import UTC, datetime

from services.intake.logic.clean_photo import BadPhoto, clean_photo
from services.intake.logic.ports import PhotoResultStore, PhotoStorage, UploadStore
from services.intake.logic.upload_slots import MAX_BYTES
from services.intake.models import PhotoResult, Upload
from shared.events import ReportEvent
from shared.ports import ReportStore

TOO_LARGE = BadPhoto(
    "too_large",
    f"Ảnh vượt quá {MAX_BYTES // (1024 * 1024)} MB.",
    f"The photo is larger than {MAX_BYTES // (1024 * 1024)} MB.",
)

EMPTY = BadPhoto("empty", "Tệp ảnh rỗng (0 byte).", "The photo file is empty (0 bytes).")


def public_key(report_id: str, upload_id: str, variant: str) -> str:
    """Where a cleaned copy is published (variant "full" or "thumb")."""
    return f"public/{report_id}/{upload_id}.{variant}.jpg"


def _rejected(upload_id: str, problem: BadPhoto, size: int | None = None) -> PhotoResult:
    return PhotoResult(
        upload_id=upload_id,
        status="rejected",
        processed_at=datetime.now(UTC),
        reason=problem.reason,
        message_vi=problem.message_vi,
        message_en=problem.message_en,
        original_bytes=size,
    )


def _clean(report_id: str, upload_id: str, data: bytes, size: int, bucket: PhotoStorage) -> PhotoResult:
    try:
        clean = clean_photo(data)
    except BadPhoto as problem:
        return _rejected(upload_id, problem, size)
    full_key = public_key(report_id, upload_id, "full")
    thumb_key = public_key(report_id, upload_id, "thumb")
    bucket.put(full_key, clean.public, "image/jpeg")
    bucket.put(thumb_key, clean.thumbnail, "image/jpeg")
    return PhotoResult(
        upload_id=upload_id,
        status="ready",
        processed_at=datetime.now(UTC),
        original_bytes=size,
        public_bytes=len(clean.public),
        width=clean.width,
        height=clean.height,
        public_key=full_key,
        thumbnail_key=thumb_key,
    )


def check_photo(report_id: str, upload_id: str, upload: Upload | None, bucket: PhotoStorage) -> PhotoResult:
    """Ready with its published copies, or rejected with the reason a person can read."""
    if upload is None:
        return _rejected(upload_id, BadPhoto("unknown_upload", "Không có ảnh này.", "No such upload."))
    size = bucket.size(upload.key)
    if size is None:
        return _rejected(
            upload_id, BadPhoto("not_uploaded", "Ảnh chưa được tải lên.", "The photo was never uploaded.")
        )
    if size == 0:  # S3 refuses a range read of an empty object; the other photos go on regardless
        return _rejected(upload_id, EMPTY, size)
    if size > MAX_BYTES:
        return _rejected(upload_id, TOO_LARGE, size)
    data = bucket.read(upload.key, MAX_BYTES + 1)  # at most that: the object may have grown since
    if len(data) > MAX_BYTES:
        return _rejected(upload_id, TOO_LARGE, len(data))
    return _clean(report_id, upload_id, data, size, bucket)


# A bad file is recorded as rejected with its reason; it never fails the report or the other photos.
# Only infrastructure errors raise (so SQS retries the message); results already recorded are skipped.
def process_photos(
    submitted: ReportEvent,
    reports: ReportStore,
    uploads: UploadStore,
    results: PhotoResultStore,
    bucket: PhotoStorage,
) -> list[PhotoResult]:
    """The results recorded by this call (empty when there was nothing left to do)."""
    report = reports.get(submitted.report_id)
    if report is None or not report.photos:
        return []
    done = results.for_report(report.id)
    todo = [upload_id for upload_id in report.photos if upload_id not in done]
    records = uploads.get_many(todo) if todo else {}
    checked = (check_photo(report.id, upload_id, records.get(upload_id), bucket) for upload_id in todo)
    return [result for result in checked if results.record(report.id, result)]
