"""Agencies' webhook endpoints and their signing secrets, in the `webhooks` table.

    pk = AGENCY#<agency id>   sk = ENDPOINT#<endpoint id>

A table of their own, so that only notify's functions can read the secrets (least privilege); DynamoDB
encrypts them at rest. Secrets Manager would cost a secret per endpoint and a call per delivery for no
stronger guarantee here. Every change is conditional on `version`.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError
from pydantic import BaseModel, Field

from services.notify.webhooks.signing import new_secret
from shared.aws import table
from shared.config import get_settings
from shared.errors import Conflict

ROTATION_OVERLAP = timedelta(hours=24)  # both secrets sign for a day after a rotation
MAX_ENDPOINTS_PER_AGENCY = 5


class SigningSecret(BaseModel):
    secret: str
    created_at: datetime
    expires_at: datetime | None = None  # set when a newer secret replaced it


class Endpoint(BaseModel):
    id: str
    agency_id: str
    url: str
    created_at: datetime
    secrets: list[SigningSecret] = Field(min_length=1)  # newest first
    enabled: bool = True
    disabled_reason: str | None = None
    disabled_at: datetime | None = None
    version: int = 1

    def signing_secrets(self, now: datetime) -> list[str]:
        return [s.secret for s in self.secrets if s.expires_at is None or s.expires_at > now]


def new_endpoint_id() -> str:
    return "ep_" + secrets.token_hex(8)


def _key(agency_id: str, endpoint_id: str) -> dict[str, str]:
    return {"pk": f"AGENCY#{agency_id}", "sk": f"ENDPOINT#{endpoint_id}"}


def _conflict() -> Conflict:
    return Conflict(
        "Điểm nhận webhook vừa được người khác thay đổi, vui lòng thử lại.",
        "The webhook endpoint was changed by someone else; try again.",
    )


class Endpoints:
    def __init__(self, table_name: str | None = None) -> None:
        self.table_name = table_name or get_settings().webhooks_table

    @property
    def _table(self) -> Any:
        return table(self.table_name)

    def of_agency(self, agency_id: str) -> list[Endpoint]:
        items = self._table.query(
            KeyConditionExpression=Key("pk").eq(f"AGENCY#{agency_id}") & Key("sk").begins_with("ENDPOINT#"),
            ConsistentRead=True,
        )["Items"]
        return [Endpoint.model_validate(item) for item in items]

    def get(self, agency_id: str, endpoint_id: str) -> Endpoint | None:
        item = self._table.get_item(Key=_key(agency_id, endpoint_id), ConsistentRead=True).get("Item")
        return Endpoint.model_validate(item) if item else None

    def create(self, agency_id: str, url: str, now: datetime | None = None) -> Endpoint:
        now = now or datetime.now(UTC)
        endpoint = Endpoint(
            id=new_endpoint_id(),
            agency_id=agency_id,
            url=url,
            created_at=now,
            secrets=[SigningSecret(secret=new_secret(), created_at=now)],
        )
        self._put(endpoint, "attribute_not_exists(pk)", {})
        return endpoint

    def rotate(self, endpoint: Endpoint, now: datetime | None = None) -> Endpoint:
        """A new secret; the current one keeps signing for ROTATION_OVERLAP, older ones stop."""
        now = now or datetime.now(UTC)
        current, *_ = endpoint.secrets
        previous = current.model_copy(update={"expires_at": now + ROTATION_OVERLAP})
        rotated = endpoint.model_copy(
            update={
                "secrets": [SigningSecret(secret=new_secret(), created_at=now), previous],
                "version": endpoint.version + 1,
            }
        )
        self._put(rotated, "version = :v", {":v": endpoint.version})
        return rotated

    def disable(self, endpoint: Endpoint, reason: str, now: datetime | None = None) -> None:
        """An endpoint that answered 410 Gone: no more deliveries until an admin registers it again."""
        try:
            self._table.update_item(
                Key=_key(endpoint.agency_id, endpoint.id),
                UpdateExpression=(
                    "SET enabled = :f, disabled_reason = :r, disabled_at = :t, version = version + :one"
                ),
                ConditionExpression="attribute_exists(pk)",
                ExpressionAttributeValues={
                    ":f": False,
                    ":r": reason,
                    ":t": (now or datetime.now(UTC)).isoformat(),
                    ":one": 1,
                },
            )
        except ClientError as error:
            if error.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise

    def _put(self, endpoint: Endpoint, condition: str, values: dict[str, Any]) -> None:
        item = {**_key(endpoint.agency_id, endpoint.id), **endpoint.model_dump(mode="json")}
        kwargs: dict[str, Any] = {"Item": item, "ConditionExpression": condition}
        if values:
            kwargs["ExpressionAttributeValues"] = values
        try:
            self._table.put_item(**kwargs)
        except ClientError as error:
            if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
                raise _conflict() from error
            raise
