"""The feed of one status, read from the `by_status` index: a rare status costs what it holds, not two
years of month partitions."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from boto3.dynamodb.conditions import Key

from services.intake.dal.index_ranges import created_between
from services.intake.logic.ports import STATUS_POSITION, STATUS_POSITION_KEYS, FeedPosition, ReadBudget
from shared.models import Report, Status
from shared.repository import status_key

Items = Callable[[Any, dict[str, Any] | None, ReadBudget, str], Iterator[dict[str, Any]]]


@dataclass(frozen=True)
class StatusPage:
    status: Status
    accept: Callable[[Report], bool]
    limit: int
    since: datetime
    until: datetime | None

    def read(
        self, items: Items, after: FeedPosition | None, budget: ReadBudget
    ) -> tuple[list[Report], FeedPosition | None]:
        """Newest first from `after`; where to go on from (None when the partition is read to its end)."""
        condition = created_between(Key("status_key").eq(status_key(self.status)), self.since, self.until)
        found: list[Report] = []
        position = after
        for item in items(condition, after.key if after else None, budget, "by_status"):
            position = FeedPosition(STATUS_POSITION, {k: str(item[k]) for k in STATUS_POSITION_KEYS})
            report = Report.model_validate(item)
            if self.accept(report):
                found.append(report)
            if len(found) == self.limit:
                return found, position
        return found, position if budget.spent() else None
