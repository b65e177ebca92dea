"""Agencies' webhook endpoints and their signing secrets, in the `webhooks` table (`pk = AGENCY#<agency id>`,
`sk = ENDPOINT#<endpoint id>`); every change is conditional on `version`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from services.notify.logic.webhook_signing import new_endpoint, rotated
from services.notify.models import Endpoint
from shared.aws import table
from shared.config import get_settings
from shared.errors import Conflict

# A table of their own, so that only notify's functions can read the secrets (least privilege); DynamoDB
# encrypts them at rest. Secrets Manager would cost a secret per endpoint and a call per delivery for no
# stronger guarantee here.


def _key(agency_id: str, endpoint_id: str) -> dict[str, str]:
    return {"pk": f"AGENCY#{agency_id}", "sk": f"ENDPOINT#{endpoint_id}"}


def _conflict() -> Conflict:
    return Conflict(
        "Điểm nhận webhook vừa được người khác thay đổi, vui lòng thử lại.",
        "The webhook endpoint was changed by someone else; try again.",
    )


class Endpoints:
    def __init__(self, table_name: str | None = None) -> None:
        self.table_name = table_name

    @property
    def _table(self) -> Any:
        return table(self.table_name or get_settings().webhooks_table)

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
        endpoint = new_endpoint(agency_id, url, now or datetime.now(UTC))
        self._put(endpoint, "attribute_not_exists(pk)", {})
        return endpoint

    def rotate(self, endpoint: Endpoint, now: datetime | None = None) -> Endpoint:
        """A new secret; the current one keeps signing for the rotation's overlap, older ones stop."""
        after = rotated(endpoint, now or datetime.now(UTC))
        self._put(after, "version = :v", {":v": endpoint.version})
        return after

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
