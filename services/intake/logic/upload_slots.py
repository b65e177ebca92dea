"""Photo upload slots: a presigned S3 POST whose key, type and size bounds the server chooses."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from services.intake.logic.ports import PhotoStorage, UploadStore
from services.intake.models import OpenUpload, Upload, UploadSlot
from shared.errors import InvalidInput

MAX_BYTES = 10 * 1024 * 1024
POST_EXPIRES_S = 300  # the client uploads right away; a leaked form is useless five minutes later
USABLE_FOR = timedelta(hours=24)  # a report may refer to the upload within this time


def original_key(upload_id: str) -> str:
    """Where the original lands in the bucket: private, never served."""
    return f"uploads/{upload_id}"


def open_upload(request: OpenUpload, uploads: UploadStore, bucket: PhotoStorage, now: datetime) -> UploadSlot:
    upload_id = uuid.uuid4().hex
    key = original_key(upload_id)
    post = bucket.presigned_post(key, request.content_type, MAX_BYTES, POST_EXPIRES_S)
    uploads.put(
        Upload(
            id=upload_id,
            key=key,
            content_type=request.content_type,
            created_at=now,
            usable_until=now + USABLE_FOR,
        )
    )
    return UploadSlot(
        upload_id=upload_id,
        url=post["url"],
        fields=post["fields"],
        expires_at=now + timedelta(seconds=POST_EXPIRES_S),
        max_bytes=MAX_BYTES,
    )


def ensure_usable(upload_ids: list[str], uploads: UploadStore, now: datetime) -> None:
    """Raises InvalidInput for an unknown or expired upload slot (one read of the slots)."""
    if not upload_ids:
        return
    found = uploads.get_many(upload_ids)
    problems = {
        f"photos.{index}": "unknown upload id"
        if upload_id not in found
        else "upload slot expired; ask for a new one"
        for index, upload_id in enumerate(upload_ids)
        if upload_id not in found or found[upload_id].usable_until < now
    }
    if problems:
        raise InvalidInput(
            "Ảnh đính kèm không hợp lệ hoặc đã hết hạn, vui lòng tải lên lại.",
            "An attached photo is unknown or expired; upload it again.",
            fields=problems,
        )


def claims_refused(
    upload_ids: list[str], refused: list[int], uploads: UploadStore, now: datetime
) -> InvalidInput:
    """Why a filing's claims on these uploads (distinct ids) were refused, `refused` being the positions
    its transaction named: an unknown or expired slot (read only now, to say which), else one already
    another report's. An upload belongs to the first report that lists it, once, so an upload id seen
    elsewhere (another report's photo, a hidden one's) cannot re-publish that photo."""
    ensure_usable(upload_ids, uploads, now)
    return InvalidInput(
        "Ảnh đính kèm đã thuộc về một phản ánh khác, vui lòng tải lên lại.",
        "An attached photo already belongs to another report; upload it again.",
        fields={f"photos.{at}": "upload already used by another report" for at in refused},
    )
