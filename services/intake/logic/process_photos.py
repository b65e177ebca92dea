"""The photo worker's job for one report: check each referenced upload (the citizen's photos and the
agency's answer photos), publish clean copies."""

from __future__ import annotations

from datetime import UTC, datetime

from services.intake.logic.clean_photo import BadPhoto, clean_photo
from services.intake.logic.ports import PhotoResultStore, PhotoStorage, ReportsWithPhotos, UploadStore
from services.intake.logic.upload_slots import MAX_BYTES, original_key
from shared.events import EventType, ReportEvent
from shared.models import PhotoResult, Report

TOO_LARGE = BadPhoto(
    "too_large",
    f"Ảnh vượt quá {MAX_BYTES // (1024 * 1024)} MB.",
    f"The photo is larger than {MAX_BYTES // (1024 * 1024)} MB.",
)

EMPTY = BadPhoto("empty", "Tệp ảnh rỗng (0 byte).", "The photo file is empty (0 bytes).")

TAKEN = BadPhoto(
    "already_used",
    "Ảnh đã thuộc về một phản ánh khác.",
    "The photo already belongs to another report.",
)


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
    bucket.publish(full_key, clean.public, "image/jpeg")
    bucket.publish(thumb_key, clean.thumbnail, "image/jpeg")
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


def check_photo(report_id: str, upload_id: str, bucket: PhotoStorage) -> PhotoResult:
    """Ready with its published copies, or rejected with the reason a person can read. The original's key
    follows from the upload id (every slot is opened there); the filing's claim found its slot."""
    found = bucket.original(original_key(upload_id), MAX_BYTES)
    if found is None:
        return _rejected(
            upload_id, BadPhoto("not_uploaded", "Ảnh chưa được tải lên.", "The photo was never uploaded.")
        )
    size, data = found
    if size == 0:
        return _rejected(upload_id, EMPTY, size)
    if size > MAX_BYTES:
        return _rejected(upload_id, TOO_LARGE, size)
    return _clean(report_id, upload_id, data, size, bucket)


def answer_claimant(report_id: str) -> str:
    """Who holds an answer's uploads: the report's answer, so a re-delivered event claims them again."""
    return f"answer:{report_id}"


def _claimed_answer_photos(report: Report, todo: list[str], uploads: UploadStore) -> set[str]:
    """The answer's photos this report may publish: each claimed once, like a filing's photos, so an
    upload id of another report cannot be re-published through an answer."""
    answer_only = [u for u in todo if u in report.answer_photos and u not in report.photos]
    return {u for u in answer_only if not uploads.claim([u], answer_claimant(report.id))}


def _check(report: Report, upload_id: str, taken: bool, bucket: PhotoStorage) -> PhotoResult:
    return _rejected(upload_id, TAKEN) if taken else check_photo(report.id, upload_id, bucket)


def _answer_without_photos(event: ReportEvent) -> bool:
    """An answer that attaches no photo brings nothing to check: the report's own photos are checked on its
    filing (retried from the queue, then from its dead-letter queue), so the worker need not read it."""
    return event.type is EventType.RESOLVED and event.data.get("photos") == []


def _named_by_filing(event: ReportEvent) -> list[str] | None:
    """The photos a Report.Submitted names (its filing claimed them in the transaction that stored the
    event); None for one stored before events named them."""
    if event.type is not EventType.SUBMITTED:
        return None
    if event.data.get("photos") == 0:
        return []
    named = event.data.get("upload_ids")
    return [str(u) for u in named] if isinstance(named, list) else None


# A bad file is recorded as rejected with its reason; it never fails the report or the other photos.
# Only infrastructure errors raise (so SQS retries the message); results already recorded are skipped.
# The citizen's photos and the agency's answer photos are checked alike and recorded beside the report.
def process_photos(
    event: ReportEvent,
    reports: ReportsWithPhotos,
    uploads: UploadStore,
    results: PhotoResultStore,
    bucket: PhotoStorage,
    delivered_before: bool = True,
) -> list[PhotoResult]:
    """The results recorded by this call (empty when there was nothing left to do). `delivered_before`:
    whether the queue delivered this message before (an attempt that failed or timed out may have recorded
    some results; they are read then, and skipped)."""
    named = _named_by_filing(event)
    if _answer_without_photos(event) or named == []:
        return []
    if named is not None and not delivered_before:
        # A first delivery finds nothing recorded but a duplicate's (the bus delivers at least once); the
        # results' conditional record keeps the first result of each photo, the duplicate's is dropped
        checked = (check_photo(event.report_id, u, bucket) for u in named)
        return [result for result in checked if results.record(event.report_id, result)]
    found = reports.with_photos(event.report_id)  # the report and the results recorded so far, in one read
    if found is None:
        return []
    report = found.report
    wanted = dict.fromkeys([*report.photos, *report.answer_photos])
    todo = [upload_id for upload_id in wanted if upload_id not in found.photos]
    claimed = _claimed_answer_photos(report, todo, uploads)
    answer_only = {u for u in todo if u not in report.photos}
    checked = (_check(report, u, u in answer_only and u not in claimed, bucket) for u in todo)
    return [result for result in checked if results.record(report.id, result)]
