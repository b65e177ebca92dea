"""The delivery log in the deliveries table: one item per attempt (email, SMS, webhook) with its outcome."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from boto3.dynamodb.conditions import Key

from services.notify.models import LogEntry
from shared.aws import table
from shared.config import get_settings
from shared.items import marshal

# pk = REPORT#<report id>   sk = <at>#<channel>#<event id>#<n>     the report's log
# agency_key = AGENCY#<id>, at     index `agency_log`: the entries about an agency
KEEP_DAYS = 90


def _entries(items: list[dict[str, Any]]) -> list[LogEntry]:
    return [LogEntry.model_validate(item) for item in items]


class DeliveriesTable:
    def __init__(self, table_name: str | None = None) -> None:
        self.table_name = table_name

    @property
    def _table(self) -> Any:
        return table(self.table_name or get_settings().deliveries_table)

    def record(self, entry: LogEntry) -> None:
        self._table.put_item(Item=self._item(entry))

    def put_request(self, entry: LogEntry) -> dict[str, Any]:
        """The entry as a TransactWriteItems Put, for a caller that writes it with something else."""
        return {"TableName": self._table.name, "Item": marshal(self._item(entry))}

    def _item(self, entry: LogEntry) -> dict[str, Any]:
        at = entry.at.isoformat(timespec="milliseconds")
        item: dict[str, Any] = {
            **entry.model_dump(mode="json", exclude_none=True),
            "pk": f"REPORT#{entry.report_id}",
            "sk": f"{at}#{entry.channel}#{entry.event_id}#{secrets.token_hex(3)}",
            "at": at,
            "expires_at": int((entry.at + timedelta(days=KEEP_DAYS)).timestamp()),
        }
        if entry.agency_id and entry.audience == "agency":
            item["agency_key"] = f"AGENCY#{entry.agency_id}"
        return item

    def for_report(self, report_id: str, limit: int = 100) -> list[LogEntry]:
        response = self._table.query(
            KeyConditionExpression=Key("pk").eq(f"REPORT#{report_id}"), ScanIndexForward=False, Limit=limit
        )
        return _entries(response["Items"])

    def for_agency(self, agency_id: str, limit: int = 100) -> list[LogEntry]:
        response = self._table.query(
            IndexName="agency_log",
            KeyConditionExpression=Key("agency_key").eq(f"AGENCY#{agency_id}"),
            ScanIndexForward=False,
            Limit=limit,
        )
        return _entries(response["Items"])
