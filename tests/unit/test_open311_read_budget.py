"""Open311 `GET requests` says when the read budget cut its page short, instead of coming back short."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from services.intake.logic.open311_errors import Open311Error
from services.intake.logic.open311_requests import READ_BUDGET, Stores, find_requests
from services.intake.logic.ports import FeedPosition, ReadBudget
from shared.models import Channel, Location, Report
from tests.fakes import FakeDirectory, FakePhotos, FakeReports

NOW = datetime.now(UTC)


def reports(n: int) -> list[Report]:
    return [
        Report(
            id=f"PA-0000-{i:04d}",
            created_at=NOW - timedelta(minutes=i),
            updated_at=NOW - timedelta(minutes=i),
            channel=Channel.WEB,
            description="Đèn đường hỏng",
            location=Location(lat=21.0, lon=105.8),
        )
        for i in range(n)
    ]


class BudgetFeed:
    """A feed of `available` matching reports in a window so busy that reading spends the whole budget:
    what a window with thousands of non-matching reports does to the real index."""

    def __init__(self, available: int) -> None:
        self.available = reports(available)

    def newest(
        self,
        accept: Callable[[Report], bool],
        limit: int,
        since: datetime | None = None,
        until: datetime | None = None,
        after: FeedPosition | None = None,
        budget: ReadBudget | None = None,
        status: Any = None,
    ) -> tuple[list[Report], FeedPosition | None]:
        assert budget is not None and budget.items == READ_BUDGET
        budget.items = 0
        found = [r for r in self.available if accept(r)][:limit]
        return found, FeedPosition("2026-11", {"pk": "x"}) if len(found) < limit else None


def stores(available: int) -> Stores:
    return Stores(FakeReports(), BudgetFeed(available), FakeDirectory(), FakePhotos())


def test_a_page_the_budget_cut_short_says_so() -> None:
    page = find_requests({"page_size": "10"}, stores(4), "https://api.test")
    assert len(page.requests) == 4
    assert page.incomplete is not None and "narrow" in page.incomplete


def test_a_page_past_what_the_budget_reaches_is_a_400_asking_to_narrow_the_query() -> None:
    with pytest.raises(Open311Error) as refused:
        find_requests({"page_size": "10", "page": "3"}, stores(15), "https://api.test")
    assert refused.value.status == 400
    assert "narrow" in refused.value.description


def test_a_full_page_is_not_flagged() -> None:
    page = find_requests({"page_size": "10"}, stores(30), "https://api.test")
    assert len(page.requests) == 10
    assert page.incomplete is None
