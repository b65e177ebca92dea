"""The `feed` index read path: reports newest first, one Query per month partition."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from boto3.dynamodb.conditions import Key

from services.intake.dal.index_ranges import created_between
from services.intake.dal.status_feed import StatusPage
from services.intake.logic.ports import POSITION_KEYS, FeedPosition, ReadBudget
from shared.aws import table
from shared.config import get_settings
from shared.models import Report, Status

FEED_MONTHS = 24
Item = dict[str, Any]
READ_PAGE = 100
# What one feed request may read unless told otherwise: three full pages' worth of items, and Queries
# enough to cross two years of month partitions plus a few pages.
READ_ITEMS = 300
READ_QUERIES = 30


def _month(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m")


def months_back(newest: str, oldest: str) -> Iterator[str]:
    year, month = (int(part) for part in newest.split("-"))
    while f"{year:04d}-{month:02d}" >= oldest:
        yield f"{year:04d}-{month:02d}"
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)


def _months_ago(moment: datetime, months: int) -> str:
    index = moment.year * 12 + moment.month - 1 - months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _condition(month: str, since: datetime | None, until: datetime | None) -> Any:
    return created_between(Key("feed_month").eq(month), since, until)


# Never a Scan: one Query per month partition, newest month first, until the page is full. Filters the
# index cannot express (status, category, area, bounding box, text) are applied to each page read, so a
# page may take several Queries; `FEED_MONTHS` bounds how far back a request without `since` looks, and
# the read budget how much one request reads: a filter that matches little returns what it found so far
# and a position to go on from, rather than walking two years of partitions in one request.
class FeedIndex:
    def __init__(self, table_name: str | None = None) -> None:
        self.table_name = table_name or get_settings().reports_table

    def items(
        self, condition: Any, start_key: dict[str, Any] | None, budget: ReadBudget, index: str = "feed"
    ) -> Iterator[Item]:
        """The partition's items newest first, page by page, from `start_key` on, within the budget."""
        while not budget.spent():
            budget.queries -= 1
            query: dict[str, Any] = {
                "IndexName": index,
                "KeyConditionExpression": condition,
                "ScanIndexForward": False,
                "Limit": min(READ_PAGE, budget.items),
            }
            if start_key:
                query["ExclusiveStartKey"] = start_key
            response = table(self.table_name).query(**query)
            budget.items -= len(response["Items"])
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
        budget: ReadBudget | None = None,
        status: Status | None = None,
    ) -> tuple[list[Report], FeedPosition | None]:
        """Up to `limit` accepted reports created in [since, until], newest first, after `after`; the
        position to go on from when the page filled or the budget ran out, None when nothing is left.
        With `status`, read from that status's partition of the `by_status` index instead."""
        budget = budget or ReadBudget(READ_ITEMS, READ_QUERIES)
        now = datetime.now(UTC)
        if status is not None:
            oldest = since or now - timedelta(days=FEED_MONTHS * 31)
            page = StatusPage(status, accept, limit, oldest, until)
            return page.read(self.items, after, budget)
        top = after.month if after else _month(until or now)
        floor = _month(since) if since else _months_ago(now.astimezone(UTC), FEED_MONTHS - 1)
        found: list[Report] = []
        start_key = after.key if after else None
        for month in months_back(top, floor):
            position = FeedPosition(month, start_key)
            if budget.spent():
                return found, position
            for item in self.items(_condition(month, since, until), start_key, budget):
                position = FeedPosition(month, {k: str(item[k]) for k in POSITION_KEYS})
                report = Report.model_validate(item)
                if accept(report):
                    found.append(report)
                if len(found) == limit:
                    return found, position
            if budget.spent():
                return found, position
            start_key = None
        return found, None
