"""Photo upload slots (the `uploads` table): one item per POST /v1/uploads, referenced by reports by id."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from services.intake.models import Upload
from shared.aws import client, table
from shared.config import get_settings

KEEP_RECORD = timedelta(days=7)  # long enough for the photo worker's retries; then TTL removes it
MAX_BATCH_GET = 100


def sortable(moment: datetime) -> str:
    """An instant as text whose order is time's (fixed width, UTC), for a condition to compare: pydantic
    leaves the fraction out of a whole second, and ".5Z" < "Z" would then put 0.5 s before 0 s."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class UploadTable:
    def __init__(self, table_name: str | None = None) -> None:
        self.table_name = table_name or get_settings().uploads_table

    def put(self, upload: Upload) -> None:
        expires_at = int((upload.created_at + KEEP_RECORD).timestamp())
        stored = {**upload.model_dump(mode="json"), "usable_until": sortable(upload.usable_until)}
        table(self.table_name).put_item(
            Item={**stored, "expires_at": expires_at},
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

    # One transaction (≤ 5 photos; DynamoDB allows 100 items), so two reports racing for the same uploads
    # cannot each end up with a part of them. With `usable_at` the same write checks that each slot is still
    # usable then, so a claim needs no read of its slots (the reasons of a refusal are read only then).
    def claim(self, ids: list[str], claimant: str, usable_at: datetime | None = None) -> list[str]:
        updates: Any = _claim_items(self.table_name, ids, claimant, usable_at)
        try:
            client("dynamodb").transact_write_items(TransactItems=updates)
        except (ClientError, BotoCoreError) as error:
            if self._claimed_by(ids, claimant):
                return []  # the answer was lost, not the claim (a timeout after it)
            if not isinstance(error, ClientError):
                raise
            reasons = error.response.get("CancellationReasons", [])
            refused = [
                i for i, r in zip(ids, reasons, strict=False) if r.get("Code") == "ConditionalCheckFailed"
            ]
            if error.response["Error"]["Code"] != "TransactionCanceledException" or not refused:
                raise
            return refused
        return []

    def filing_claims(self, ids: list[str], usable_at: datetime) -> FilingClaims:
        return FilingClaims(self.table_name, ids, usable_at)

    def _claimed_by(self, ids: list[str], claimant: str) -> bool:
        """Whether every one of these uploads is claimed by `claimant` (read consistently)."""
        try:
            for upload_id in ids:
                item = table(self.table_name).get_item(Key={"id": upload_id}, ConsistentRead=True).get("Item")
                if not item or item.get("claimed_by") != claimant:
                    return False
        except (ClientError, BotoCoreError):
            return False
        return True


def _claim_items(
    table_name: str, ids: list[str], claimant: str, usable_at: datetime | None
) -> list[dict[str, Any]]:
    """Each upload claimed for `claimant` if it exists and is free (or already the claimant's), and with
    `usable_at` still usable then."""
    condition = "attribute_exists(id) AND (attribute_not_exists(claimed_by) OR claimed_by = :c)"
    values: dict[str, Any] = {":c": {"S": claimant}}
    if usable_at is not None:
        condition += " AND usable_until >= :at"
        values[":at"] = {"S": sortable(usable_at)}
    return [
        {
            "Update": {
                "TableName": table_name,
                "Key": {"id": {"S": upload_id}},
                "UpdateExpression": "SET claimed_by = :c",
                "ConditionExpression": condition,
                "ExpressionAttributeValues": values,
            }
        }
        for upload_id in ids
    ]


@dataclass(frozen=True)
class FilingClaims:
    """A filing's claims on its photos, written in the filing's own transaction (`JointWrites`): the
    uploads become the report's (claimed by its tracking code) exactly when the report is stored."""

    table_name: str
    ids: list[str]
    usable_at: datetime

    def transact_items(self, report_id: str) -> list[dict[str, Any]]:
        return _claim_items(self.table_name, self.ids, report_id, self.usable_at)
