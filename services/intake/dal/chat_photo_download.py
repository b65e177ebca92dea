"""A chat photo into the uploads bucket: downloaded from the platform's address through the SSRF guard
(shared/ssrf_guard.py: public addresses only, the checked one connected to, no redirects), at most 10 MB,
then stored as an upload slot like the app's, so the photo worker checks it the same way."""

from __future__ import annotations

import uuid
from datetime import datetime

import urllib3
from urllib3.exceptions import HTTPError

from services.intake.dal.upload_table import UploadTable
from services.intake.logic.upload_slots import MAX_BYTES, USABLE_FOR, original_key
from services.intake.models import Upload
from shared.config import get_settings
from shared.photo_bucket import PhotoBucket
from shared.pinned_http import pinned_pool, resolve
from shared.ssrf_guard import RefusedUrl, check_url

IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp"}
TIMEOUT_S = 15.0


def _emulator_ports() -> list[int]:
    endpoint = get_settings().aws_endpoint_url
    port = urllib3.util.parse_url(endpoint).port if endpoint else None
    return [port] if port else []


def download(url: str) -> tuple[bytes, str] | None:
    """The image's bytes and type, or None: refused address, not an image, over 10 MB, any error."""
    settings = get_settings()
    try:
        target = check_url(url, resolve, settings.webhook_profile == "local", _emulator_ports())
    except RefusedUrl:
        return None
    pool = pinned_pool(target)
    try:
        response = pool.urlopen(
            "GET",
            target.path,
            headers={"Host": target.host_header},
            redirect=False,
            retries=False,
            assert_same_host=False,
            timeout=urllib3.Timeout(total=TIMEOUT_S),
            preload_content=False,
        )
        try:
            kind = str(response.headers.get("Content-Type", "")).split(";")[0].strip().lower()
            data = response.read(MAX_BYTES + 1) if response.status == 200 and kind in IMAGE_TYPES else b""
        finally:
            response.release_conn()
    except HTTPError:
        return None
    finally:
        pool.close()
    return (data, kind) if 0 < len(data) <= MAX_BYTES else None


class ChatPhotoDownloads:
    def __init__(self, uploads: UploadTable, bucket: PhotoBucket) -> None:
        self.uploads, self.bucket = uploads, bucket

    def fetch(self, url: str, now: datetime) -> str | None:
        found = download(url)
        if found is None:
            return None
        data, kind = found
        upload_id = uuid.uuid4().hex
        self.bucket.put(original_key(upload_id), data, kind)
        self.uploads.put(
            Upload(
                id=upload_id,
                key=original_key(upload_id),
                content_type=kind,
                created_at=now,
                usable_until=now + USABLE_FOR,
            )
        )
        return upload_id
