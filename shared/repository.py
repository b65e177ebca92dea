"""Reports in DynamoDB: one partition per report.

    pk = report id   sk = META                 the report itself (conditional on `version`)
    pk = report id   sk = EVENT#<time>#<id>    one timeline item per event

The timeline item is also the transactional outbox: it is written in the same transaction as the change
and carries the sparse keys `outbox_shard`/`outbox_at` until the event is confirmed on the bus. A sweep
re-publishes any item still carrying them, so a report saved but whose event failed still gets routed.
"""

from __future__ import annotations

import json
import zlib
from datetime import datetime
from decimal import Decimal
from typing import Any

from boto3.dynamodb.conditions import Key
from boto3.dynamodb.types import TypeSerializer
from botocore.exceptions import ClientError

from shared.aws import client, table
from shared.config import get_settings
from shared.errors import Conflict
from shared.events import ReportEvent
from shared.models import Report, Status
from shared.status import is_open

META = "META"
SHARDS = 4  # spreads the sparse due/outbox indexes over a few partitions


def shard(prefix: str, report_id: str) -> str:
    return f"{prefix}#{zlib.crc32(report_id.encode()) % SHARDS}"


def all_shards(prefix: str) -> list[str]:
    return [f"{prefix}#{n}" for n in range(SHARDS)]


def _to_item(data: dict[str, Any]) -> dict[str, Any]:
    """DynamoDB wants Decimal, not float, and no empty strings in keys."""
    return json.loads(json.dumps(data, default=str), parse_float=Decimal)


def _iso(value: datetime) -> str:
    return value.isoformat(timespec="milliseconds")


def report_item(report: Report) -> dict[str, Any]:
    item = _to_item(report.model_dump(mode="json"))
    item.update(pk=report.id, sk=META, created_at=_iso(report.created_at))
    item["feed_month"] = report.created_at.strftime("%Y-%m")
    if report.agency_id:
        item["agency_status"] = f"{report.agency_id}#{report.status.value}"
    # Sparse `due` index: only open, unpaused reports for which the sweep has something left to do, keyed
    # by the instant it is owed (a warning, a breach or an escalation: services/sla/logic/clocks.py).
    if report.sla_next_at and is_open(report.status) and report.paused_at is None:
        item["due_shard"] = shard("DUE", report.id)
        item["due_at"] = _iso(report.sla_next_at)
    return {k: v for k, v in item.items() if v is not None}


def timeline_item(event: ReportEvent, status: Status) -> dict[str, Any]:
    at = _iso(event.occurred_at)
    return {
        "pk": event.report_id,
        "sk": f"EVENT#{at}#{event.event_id}",
        "type": event.type.value,
        "actor": event.actor,
        "status": status.value,
        "at": at,
        "event": event.model_dump_json(),
        "outbox_shard": shard("OUTBOX", event.report_id),
        "outbox_at": at,
    }


_serializer = TypeSerializer()


def marshal(item: dict[str, Any]) -> dict[str, Any]:
    return {k: _serializer.serialize(v) for k, v in item.items()}


def _from_item(item: dict[str, Any]) -> Report:
    return Report.model_validate(item)


class ReportRepository:
    """The small interface the services use; nothing outside this class knows the item layout."""

    def __init__(self, table_name: str | None = None) -> None:
        self.table_name = table_name or get_settings().reports_table

    @property
    def _table(self) -> Any:
        return table(self.table_name)

    def get(self, report_id: str) -> Report | None:
        item = self._table.get_item(Key={"pk": report_id, "sk": META}, ConsistentRead=True).get("Item")
        return _from_item(item) if item else None

    def create(self, report: Report, event: ReportEvent) -> None:
        """Raises Conflict when the id is taken (the caller draws a new one)."""
        self._write(report, event, condition="attribute_not_exists(pk)", values={})

    def save(self, report: Report, expected_version: int, event: ReportEvent | None = None) -> None:
        """Writes `report` (whose version the caller has bumped) if nobody changed it since it was read."""
        self._write(
            report,
            event,
            condition="version = :expected",
            values={":expected": {"N": str(expected_version)}},
        )

    def _write(
        self, report: Report, event: ReportEvent | None, condition: str, values: dict[str, Any]
    ) -> None:
        put_report: dict[str, Any] = {
            "TableName": self.table_name,
            "Item": marshal(report_item(report)),
            "ConditionExpression": condition,
        }
        if values:
            put_report["ExpressionAttributeValues"] = values
        items: list[dict[str, Any]] = [{"Put": put_report}]
        if event is not None:
            items.append(
                {"Put": {"TableName": self.table_name, "Item": marshal(timeline_item(event, report.status))}}
            )
        try:
            client("dynamodb").transact_write_items(TransactItems=items)
        except ClientError as error:
            if error.response["Error"]["Code"] == "TransactionCanceledException":
                raise Conflict(
                    "Phản ánh vừa được người khác cập nhật, vui lòng tải lại.",
                    "The report was changed by someone else; reload it and try again.",
                ) from error
            raise

    def mark_published(self, event: ReportEvent) -> None:
        self._table.update_item(
            Key={"pk": event.report_id, "sk": f"EVENT#{_iso(event.occurred_at)}#{event.event_id}"},
            UpdateExpression="REMOVE outbox_shard, outbox_at",
        )

    def timeline(self, report_id: str) -> list[dict[str, Any]]:
        response = self._table.query(
            KeyConditionExpression=Key("pk").eq(report_id) & Key("sk").begins_with("EVENT#"),
            ProjectionExpression="#t, actor, #s, #a",
            ExpressionAttributeNames={"#t": "type", "#s": "status", "#a": "at"},
        )
        return list(response["Items"])

    def due_before(self, moment: datetime, limit: int = 100) -> list[Report]:
        """Open reports the SLA sweep owes something at `moment`, via the sparse `due` index (never a
        Scan): at most `limit` per shard, the most overdue first; the next sweep takes the rest."""
        found: list[Report] = []
        for due_shard in all_shards("DUE"):
            response = self._table.query(
                IndexName="due",
                KeyConditionExpression=Key("due_shard").eq(due_shard) & Key("due_at").lte(_iso(moment)),
                Limit=limit,
            )
            found.extend(_from_item(item) for item in response["Items"])
        return found

    def unpublished_before(self, moment: datetime, limit: int = 100) -> list[ReportEvent]:
        """Events written but not confirmed on the bus before `moment` (the outbox relay's input)."""
        found: list[ReportEvent] = []
        for outbox_shard in all_shards("OUTBOX"):
            response = self._table.query(
                IndexName="outbox",
                KeyConditionExpression=Key("outbox_shard").eq(outbox_shard)
                & Key("outbox_at").lte(_iso(moment)),
                Limit=limit,
            )
            found.extend(ReportEvent.model_validate_json(item["event"]) for item in response["Items"])
        return found

    # issue 5: several events in the transaction of one change (the sweep may owe a breach and an escalation)

    def save_with_events(self, report: Report, expected_version: int, events: list[ReportEvent]) -> None:
        """Like `save`, with every event's timeline (outbox) item in the same transaction."""
        items: list[dict[str, Any]] = [
            {
                "Put": {
                    "TableName": self.table_name,
                    "Item": marshal(report_item(report)),
                    "ConditionExpression": "version = :expected",
                    "ExpressionAttributeValues": {":expected": {"N": str(expected_version)}},
                }
            },
            *(
                {"Put": {"TableName": self.table_name, "Item": marshal(timeline_item(e, report.status))}}
                for e in events
            ),
        ]
        try:
            client("dynamodb").transact_write_items(TransactItems=items)
        except ClientError as error:
            if error.response["Error"]["Code"] == "TransactionCanceledException":
                raise Conflict(
                    "Phản ánh vừa được người khác cập nhật, vui lòng tải lại.",
                    "The report was changed by someone else; reload it and try again.",
                ) from error
            raise
