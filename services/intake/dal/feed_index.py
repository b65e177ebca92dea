"""The `feed` index read path: reports newest first, one Query per month partition."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

from boto3.dynamodb.conditions import Key

from services.intake.logic.ports import POSITION_KEYS, FeedPosition
from shared.aws import table
from shared.config import get_settings
from shared.models import Report

FEED_MONTHS = 24
READ_PAGE = 100


def _month(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m")


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def months_back(newest: str, oldest: str) -> Iterator[str]:
    year, month = (int(part) for part in newest.split("-"))
    while f"{year:04d}-{month:02d}" >= oldest:
        yield f"{year:04d}-{month:02d}"
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)


def _months_ago(moment: datetime, months: int) -> str:
    index = moment.year * 12 + moment.month - 1 - months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _condition(month: str, since: datetime | None, until: datetime | None) -> Any:
    condition: Any = Key("feed_month").eq(month)
    if since and until:
        return condition & Key("created_at").between(_iso(since), _iso(until))
    if since:
        return condition & Key("created_at").gte(_iso(since))
    if until:
        return condition & Key("created_at").lte(_iso(until))
    return condition


# Never a Scan: one Query per month partition, newest month first, until the page is full. Filters the
# index cannot express (status, category, area, bounding box, text) are applied to each page read, so a
# page may take several Queries; `FEED_MONTHS` bounds how far back a request without `since` looks.
class FeedIndex:
    def __init__(self, table_name: str | None = None) -> None:
        self.table_name = table_name or get_settings().reports_table

    def _items(self, condition: Any, start_key: dict[str, Any] | None) -> Iterator[dict[str, Any]]:
        """The month's items newest first, page by page, from `start_key` on."""
        while True:
            query: dict[str, Any] = {
                "IndexName": "feed",
                "KeyConditionExpression": condition,
                "ScanIndexForward": False,
                "Limit": READ_PAGE,
            }
            if start_key:
                query["ExclusiveStartKey"] = start_key
            response = table(self.table_name).query(**query)
            yield from response["Items"]
            start_key = response.get("LastEvaluatedKey")
            if not start_key:
                return

    def newest(
        self,
        accept: Callable[[Report], bool],
        limit: int,
        since: datetime | None = None,
        until: datetime | None = None,
        after: FeedPosition | None = None,
    ) -> tuple[list[Report], FeedPosition | None]:
        """Up to `limit` accepted reports created in [since, until], newest first, after `after`."""
        now = datetime.now(UTC)
        top = after.month if after else _month(until or now)
        floor = _month(since) if since else _months_ago(now.astimezone(UTC), FEED_MONTHS - 1)
        found: list[Report] = []
        start_key: dict[str, Any] | None = after.key if after else None
        for month in months_back(top, floor):
            for item in self._items(_condition(month, since, until), start_key):
                report = Report.model_validate(item)
                if accept(report):
                    found.append(report)
                    if len(found) == limit:
                        return found, FeedPosition(month, {k: str(item[k]) for k in POSITION_KEYS})
            start_key = None
        return found, None
