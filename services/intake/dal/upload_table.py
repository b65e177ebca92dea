"""Photo upload slots (the `uploads` table): one item per POST /v1/uploads, referenced by reports by id."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from services.intake.models import Upload
from shared.aws import client, table
from shared.config import get_settings

KEEP_RECORD = timedelta(days=7)  # long enough for the photo worker's retries; then TTL removes it
MAX_BATCH_GET = 100


class UploadTable:
    def __init__(self, table_name: str | None = None) -> None:
        self.table_name = table_name or get_settings().uploads_table

    def put(self, upload: Upload) -> None:
        expires_at = int((upload.created_at + KEEP_RECORD).timestamp())
        table(self.table_name).put_item(
            Item={**upload.model_dump(mode="json"), "expires_at": expires_at},
            ConditionExpression="attribute_not_exists(id)",
        )

    def get_many(self, ids: list[str]) -> dict[str, Upload]:
        found: dict[str, Upload] = {}
        unique = sorted(set(ids))
        for start in range(0, len(unique), MAX_BATCH_GET):
            keys: Any = [{"id": {"S": upload_id}} for upload_id in unique[start : start + MAX_BATCH_GET]]
            response = client("dynamodb").batch_get_item(RequestItems={self.table_name: {"Keys": keys}})
            for item in response["Responses"].get(self.table_name, []):
                upload = Upload.model_validate({k: next(iter(v.values())) for k, v in item.items()})
                found[upload.id] = upload
        return found
