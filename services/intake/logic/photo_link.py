"""Where a published photo can be fetched: a short-lived presigned GET of its cleaned copy."""

from __future__ import annotations

from services.intake.logic.ports import PhotoResultStore, PhotoStorage
from services.intake.logic.public_visibility import publicly_visible
from services.intake.logic.track import find_report, public_answer
from shared.errors import NotFound
from shared.ports import ReportStore

LINK_EXPIRES_S = 300


# In the cloud CloudFront would serve public/; here the API redirects, so a view's photo URL stays stable
# while the signed address behind it expires. Never the original: only `ready` results have copies.
def photo_location(
    raw_id: str,
    upload_id: str,
    thumbnail: bool,
    reports: ReportStore,
    results: PhotoResultStore,
    bucket: PhotoStorage,
) -> str:
    report = publicly_visible(find_report(raw_id, reports), raw_id)
    shown = upload_id in report.photos or (
        upload_id in report.answer_photos and public_answer(report) is not None
    )
    result = results.get(report.id, upload_id) if shown else None
    key = (
        (result.thumbnail_key if thumbnail else result.public_key)
        if result and result.status == "ready"
        else None
    )
    if key is None:
        raise NotFound("Không có ảnh công khai này.", "No such published photo.")
    return bucket.presigned_get(key, LINK_EXPIRES_S)
