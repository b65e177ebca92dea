"""The public feed: newest first, filters, cursor pagination, and never a Scan."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.aws_calls import Call
from infra.local.provision import Resources
from shared.events import EventType, ReportEvent
from shared.models import Channel, Location, Report, Status
from tests.support import api_call, stored_earlier


def put_report(
    number: int,
    created_at: datetime,
    description: str = "Ổ gà lớn giữa đường",
    status: Status = Status.RECEIVED,
    category: str = "giao_thong",
    lat: float = 9.18,
    lon: float = 105.15,
    area: str | None = None,
) -> Report:
    report = Report(
        id=f"PA-{number:04d}-0000",
        created_at=created_at,
        updated_at=created_at,
        channel=Channel.WEB,
        category=category,
        description=description,
        location=Location(lat=lat, lon=lon, address="Phường 5, Cà Mau", area_code=area),
        status=status,
        reporter={"name": "Lê Thị Bí Mật", "phone": "0987654321"},
    )
    event = ReportEvent(
        type=EventType.SUBMITTED, source="test", report_id=report.id, actor="test", correlation_id="t"
    )
    stored_earlier(report, event)
    return report


def feed(query: str = "") -> tuple[int, Any]:
    return api_call("GET", "/v1/reports", query=query)


NOW = datetime.now(UTC)


def test_newest_first_across_months_with_cursor_pages(aws: Resources) -> None:
    for n in range(7):
        put_report(n + 1, NOW - timedelta(days=20 * n))  # spans four months or so
    seen: list[str] = []
    cursor = ""
    for _ in range(5):
        status, page = feed(f"limit=3{cursor}")
        assert status == 200, page
        seen += [item["id"] for item in page["items"]]
        if not page["next_cursor"]:
            break
        cursor = f"&cursor={page['next_cursor']}"
    assert seen == [f"PA-{n:04d}-0000" for n in range(1, 8)]


def test_filters_status_category_area_since(aws: Resources) -> None:
    put_report(1, NOW - timedelta(hours=1), status=Status.ASSIGNED, area="an_xuyen")
    put_report(2, NOW - timedelta(hours=2), category="dien", area="an_xuyen")
    put_report(3, NOW - timedelta(days=40))

    def ids(query: str) -> list[str]:
        status, page = feed(query)
        assert status == 200, page
        return [item["id"] for item in page["items"]]

    assert ids("status=assigned") == ["PA-0001-0000"]
    assert ids("category=dien") == ["PA-0002-0000"]
    assert ids("area=an_xuyen") == ["PA-0001-0000", "PA-0002-0000"]
    since = (NOW - timedelta(days=1)).isoformat().replace("+00:00", "Z")
    assert ids(f"since={since}") == ["PA-0001-0000", "PA-0002-0000"]


def test_bounding_box(aws: Resources) -> None:
    put_report(1, NOW, lat=9.18, lon=105.15)  # Cà Mau
    put_report(2, NOW - timedelta(minutes=1), lat=21.03, lon=105.85)  # Hà Nội
    status, page = feed("bbox=104.5,8.5,105.5,9.5")
    assert status == 200
    assert [item["id"] for item in page["items"]] == ["PA-0001-0000"]


def test_free_text_ignores_diacritics(aws: Resources) -> None:
    put_report(1, NOW, description="Ổ gà lớn giữa đường Lý Thường Kiệt")
    put_report(2, NOW - timedelta(minutes=1), description="Cây xanh ngã đè lên dây điện")
    # One stored state for every query: building it per query would double this module's time.
    for q in ("duong", "DUONG", "đường", "o%20ga", "thuong+kiet", "Ly%20Th"):
        status, page = feed(f"q={q}")
        assert status == 200
        assert [item["id"] for item in page["items"]] == ["PA-0001-0000"], q


def test_feed_never_shows_the_reporter(aws: Resources) -> None:
    put_report(1, NOW)
    _, page = feed()
    text = str(page)
    assert "Bí Mật" not in text and "0987654321" not in text and "reporter" not in text


def test_feed_reads_only_by_query(aws: Resources, calls: Counter[Call]) -> None:
    for n in range(3):
        put_report(n + 1, NOW - timedelta(days=n))
    calls.clear()
    assert feed("q=duong&limit=2")[0] == 200
    operations = {c.operation.lower() for c in calls if c.service == "dynamodb"}
    assert operations == {"query"}
