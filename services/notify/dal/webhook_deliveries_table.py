"""Webhook deliveries in progress, in the deliveries table: one item per (event, endpoint), every write
conditional (a new item, or the attempt count read)."""

from __future__ import annotations

import zlib
from datetime import UTC, datetime, timedelta
from typing import Any

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from services.notify.models import WebhookDelivery
from shared.aws import table
from shared.config import get_settings

# pk = WEBHOOK#<webhook-id>   sk = STATE
# due_shard, due_at            sparse index `retry_due`: only deliveries waiting for an attempt
SHARDS = 4
KEEP_DAYS = 90


def _shard(delivery_id: str) -> str:
    return f"RETRY#{zlib.crc32(delivery_id.encode()) % SHARDS}"


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def _item(delivery: WebhookDelivery) -> dict[str, Any]:
    item = delivery.model_dump(mode="json", exclude_none=True)
    item.update(pk=f"WEBHOOK#{delivery.id}", sk="STATE")
    item["expires_at"] = int((delivery.created_at + timedelta(days=KEEP_DAYS)).timestamp())
    if delivery.state == "pending" and delivery.due_at is not None:
        item.update(due_shard=_shard(delivery.id), due_at=_iso(delivery.due_at))
    return item


class WebhookDeliveries:
    def __init__(self, table_name: str | None = None) -> None:
        self.table_name = table_name

    @property
    def _table(self) -> Any:
        return table(self.table_name or get_settings().deliveries_table)

    def get(self, delivery_id: str) -> WebhookDelivery | None:
        item = self._table.get_item(Key={"pk": f"WEBHOOK#{delivery_id}", "sk": "STATE"}, ConsistentRead=True)
        return WebhookDelivery.model_validate(item["Item"]) if "Item" in item else None

    def start(self, delivery: WebhookDelivery) -> bool:
        """False when this (event, endpoint) delivery exists already: a repeated message, not a new one."""
        return self._put(delivery, "attribute_not_exists(pk)", {})

    def save(self, delivery: WebhookDelivery, expected_attempts: int) -> bool:
        """Writes `delivery` if nobody made an attempt since it was read; False otherwise."""
        return self._put(delivery, "attempts = :n", {":n": expected_attempts})

    def due(self, now: datetime, limit: int = 50) -> list[WebhookDelivery]:
        found: list[WebhookDelivery] = []
        for n in range(SHARDS):
            response = self._table.query(
                IndexName="retry_due",
                KeyConditionExpression=Key("due_shard").eq(f"RETRY#{n}") & Key("due_at").lte(_iso(now)),
                Limit=limit,
            )
            found.extend(WebhookDelivery.model_validate(item) for item in response["Items"])
        return found

    def _put(self, delivery: WebhookDelivery, condition: str, values: dict[str, Any]) -> bool:
        kwargs: dict[str, Any] = {"Item": _item(delivery), "ConditionExpression": condition}
        if values:
            kwargs["ExpressionAttributeValues"] = values
        try:
            self._table.put_item(**kwargs)
        except ClientError as error:
            if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise
        return True
