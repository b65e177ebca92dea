"""Every read a client can steer is bounded: cursors are signed and bound to their query, and one request
reads at most a fixed number of index items however little its filters match. Counted, never timed."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import pytest
from botocore.client import BaseClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infra.local.provision import Resources
from services.intake.dal import feed_index
from services.intake.logic.ports import ReadBudget
from shared.models import Status
from tests.integration.test_casework import tokens  # noqa: F401 - the fixture
from tests.integration.test_feed import feed, put_report
from tests.support import staff_call

REPORTS = 60
BUDGET = ReadBudget(items=25, queries=30)  # the real budget is larger; the mechanism is the same


@contextmanager
def items_read() -> Iterator[list[int]]:
    """Items each DynamoDB Query returned while the block ran, in order."""
    original = getattr(BaseClient, "_make_api_call")  # noqa: B009
    counts: list[int] = []

    def counting(client: BaseClient, operation: str, params: dict[str, Any]) -> Any:
        response = original(client, operation, params)
        if operation == "Query":
            counts.append(int(response.get("Count", 0)))
        return response

    setattr(BaseClient, "_make_api_call", counting)  # noqa: B010
    try:
        yield counts
    finally:
        setattr(BaseClient, "_make_api_call", original)  # noqa: B010


@pytest.fixture
def busy_year(aws: Resources, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two months of reports, none rejected but two, none with the words searched for."""
    monkeypatch.setattr(feed_index, "READ_ITEMS", BUDGET.items)
    now = datetime.now(UTC)
    for number in range(REPORTS):
        status = Status.REJECTED if number in (3, REPORTS - 2) else Status.RECEIVED
        put_report(number, now - timedelta(days=number), status=status)


def _pages(query: str) -> Iterator[tuple[dict[str, Any], list[int]]]:
    """Each page of the feed for `query`, with the items read to serve it, following the cursors."""
    cursor = ""
    for _ in range(20):
        with items_read() as counts:
            status, page = feed(query + cursor)
        assert status == 200, page
        yield page, counts
        if not page["next_cursor"]:
            return
        cursor = f"&cursor={page['next_cursor']}"
    raise AssertionError("the cursors never ended")


def test_a_status_is_read_from_its_index_so_a_rare_one_costs_what_it_holds(busy_year: None) -> None:
    [(page, counts)] = list(_pages("status=rejected"))
    assert (len(page["items"]), counts) == (2, [2])  # one Query, which read the two rejected reports only
    hidden_too = list(_pages("status=received&q=zzzz"))
    assert all(sum(c) <= BUDGET.items for _, c in hidden_too) and len(hidden_too) >= 2


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=zzzz", 0),
        ("q=" + quote(" ".join("x" * 99)), 0),
        ("category=khong-co", 0),
    ],
)
def test_a_filter_that_matches_little_reads_a_bounded_amount_per_request(
    busy_year: None, query: str, expected: int
) -> None:
    found, requests = 0, 0
    for page, counts in _pages(query):
        requests += 1
        assert sum(counts) <= BUDGET.items and len(counts) <= BUDGET.queries, (query, counts)
        found += len(page["items"])
    assert found == expected
    assert requests >= 2  # the budget cut the walk, and the cursor carried it on


def _forged(payload: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def test_forged_and_foreign_feed_cursors_are_422_and_read_nothing(busy_year: None) -> None:
    _, page = feed("status=received&limit=5")
    foreign = page["next_cursor"]
    key = {"pk": "PA-0001-0000", "sk": "META", "feed_month": "9999-99", "created_at": "x"}
    for cursor in (
        _forged({"m": "9999-99", "k": key}),
        _forged({"m": "9999-99", "k": None}) + "." + foreign.partition(".")[2],
        foreign[:-2],
        "e30",
    ):
        with items_read() as counts:
            status, body = feed(f"status=received&limit=5&cursor={cursor}")
        assert (status, body["error"]["code"], counts) == (422, "validation_error", []), cursor
    for other_filters in ("status=closed&limit=5", "limit=5", "status=received&q=duong&limit=5"):
        status, body = feed(f"{other_filters}&cursor={foreign}")
        assert (status, body["error"]["fields"]) == (422, {"cursor": body["error"]["fields"]["cursor"]})
    status, _ = feed(f"status=received&limit=7&cursor={foreign}")  # another page size: same query
    assert status == 200


def _staff_list(token: str, query: str) -> tuple[int, dict[str, Any]]:
    return staff_call("GET", f"/v1/staff/reports?{query}", token=token, route="/v1/staff/reports")


def test_staff_list_cursors_are_signed_and_bound_to_their_partition(
    busy_year: None,
    tokens: dict[str, str],  # noqa: F811
) -> None:
    status, page = _staff_list(tokens["op"], "status=received&limit=5")
    assert status == 200 and page["next_cursor"], page
    status, more = _staff_list(tokens["op"], f"status=received&limit=5&cursor={page['next_cursor']}")
    assert status == 200 and len(more["items"]) == 5
    assert {i["id"] for i in more["items"]}.isdisjoint({i["id"] for i in page["items"]})
    unsigned = _forged(
        {"pk": "PA-0001-0000", "sk": "META", "status_key": "STATUS#received", "created_at": "x"}
    )
    for cursor in (_forged({}), "e30", unsigned, unsigned + "." + page["next_cursor"].partition(".")[2]):
        status, body = _staff_list(tokens["op"], f"status=received&cursor={cursor}")
        assert (status, body["error"]["code"]) == (422, "validation_error"), (cursor, body)
    status, body = _staff_list(tokens["op"], f"status=rejected&cursor={page['next_cursor']}")
    assert (status, body["error"]["code"]) == (422, "validation_error")
    status, body = _staff_list(tokens["dl"], f"status=received&cursor={page['next_cursor']}")
    assert (status, body["error"]["code"]) == (422, "validation_error")  # another agency's partition


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cursor=st.text(st.characters(codec="ascii", exclude_categories=["Cc"]), min_size=1, max_size=300))
def test_any_client_cursor_is_a_422_on_the_feed_and_the_staff_list(
    aws: Resources,
    tokens: dict[str, str],  # noqa: F811
    cursor: str,
) -> None:
    query = f"status=received&cursor={quote(cursor)}"
    status, body = feed(query)
    assert (status, body["error"]["code"]) == (422, "validation_error"), cursor
    status, body = _staff_list(tokens["op"], query)
    assert (status, body["error"]["code"]) == (422, "validation_error"), cursor
