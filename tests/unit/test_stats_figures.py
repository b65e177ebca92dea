"""Counters → figures, and a report's fact → counter deltas: pure functions, no AWS."""

from __future__ import annotations

from datetime import datetime, timedelta

from services.sla.logic.figures import figures, percentile, stats, to_csv
from services.sla.logic.stats_facts import difference, fact_of, total
from shared.events import EventType, ReportEvent
from shared.models import Channel, Location, Report, Status
from shared.stats_change import basis_of, folded
from shared.working_time import TZ, WorkCalendar

CALENDAR = WorkCalendar()
CREATED = datetime(2026, 10, 5, 9, 0, tzinfo=TZ)
CELL = '["dien-luc","dien","cm-1"]'


def report(status: Status, **changes: object) -> Report:
    base = Report(
        id="PA-TEST-0001",
        created_at=CREATED,
        updated_at=CREATED,
        channel=Channel.WEB,
        category="dien",
        description="x" * 20,
        location=Location(lat=9.1, lon=105.1, area_code="cm-1"),
        status=status,
        agency_id="dien-luc",
        answer_due_at=CREATED + timedelta(days=3),
    )
    return base.model_copy(update=changes)


def event(type_: EventType, at: datetime, **data: object) -> ReportEvent:
    return ReportEvent(
        type=type_,
        source="t",
        report_id="PA-TEST-0001",
        occurred_at=at,
        actor="t",
        correlation_id="c",
        data=data,
    )


def test_nearest_rank_percentiles() -> None:
    assert percentile({}, 0.5) is None
    assert percentile({10: 1}, 0.9) == 10
    assert percentile({1: 1, 2: 1, 3: 1, 4: 1}, 0.5) == 2
    assert percentile({1: 9, 100: 1}, 0.9) == 1
    assert percentile({1: 8, 100: 2}, 0.9) == 100


def test_rates_are_none_without_a_denominator_not_zero() -> None:
    empty = figures({})
    assert (empty.on_time_rate, empty.satisfied_rate, empty.mean_score, empty.answer_hours_median) == (
        None,
    ) * 4
    some = figures(
        {"on_time": 3, "late": 1, "rated": 4, "satisfied": 1, "score_sum": 7, "scored": 2, "t#90": 1}
    )
    assert (some.on_time_rate, some.satisfied_rate, some.mean_score, some.answer_hours_median) == (
        0.75,
        0.25,
        3.5,
        1.5,
    )


def test_events_merge_in_any_order() -> None:
    events = [
        event(EventType.ASSIGNED, CREATED),
        event(EventType.RESOLVED, CREATED + timedelta(hours=5)),
        event(EventType.RATED, CREATED + timedelta(hours=9), satisfied=False, score=2),
        event(EventType.RESOLVED, CREATED + timedelta(hours=30)),
        event(EventType.RATED, CREATED + timedelta(hours=40), satisfied=True, score=5),
    ]
    start = basis_of(report(Status.RESOLVED), [])
    forward, backward = start, start
    for e in events:
        forward = folded(forward, e)
    for e in reversed(events):
        backward = folded(backward, e)
    assert forward == backward
    assert (forward.satisfied, forward.score, forward.resolved_at) == (True, 5, CREATED + timedelta(hours=30))


def test_a_status_change_moves_the_report_between_counters() -> None:
    assigned = event(EventType.ASSIGNED, CREATED)
    answered = event(EventType.RESOLVED, CREATED + timedelta(hours=2))
    before = fact_of("PA-TEST-0001", basis_of(report(Status.IN_PROGRESS), [assigned]), CALENDAR)
    after = fact_of("PA-TEST-0001", basis_of(report(Status.RESOLVED), [assigned, answered]), CALENDAR)
    delta = difference(before, after)
    # One item: the month's cell of the report's agency, category and area (rows and days are sums)
    assert delta == {("M#2026-10", CELL): {"open": -1, "resolved": 1, "on_time": 1, "t#120": 1}}
    assert difference(after, after) == {}
    # Summing the contributions gives the same counters as applying the deltas from nothing.
    assert total([after])[("M#2026-10", CELL)] == {
        **{k: v for k, v in after.counts.items() if v},
    }


def test_ranking_and_csv() -> None:
    items = [
        {"pk": "M#2026-10", "sk": "agency#a", "received": 1, "resolved": 1, "on_time": 0, "late": 1},
        {"pk": "M#2026-10", "sk": "agency#b", "received": 2, "resolved": 1, "on_time": 1},
        {"pk": "M#2026-10", "sk": "agency#c", "received": 1},
    ]
    result = stats("2026-10", items, {"agency": {"b": "Sở B"}})
    assert [(r.rank, r.agency_id, r.name) for r in result.ranking] == [(1, "b", "Sở B"), (2, "a", None)]
    lines = to_csv(result).splitlines()
    assert lines[1].startswith("2026-10,province,all,,4,")  # the province is the sum of its agencies
    assert lines[2].startswith("2026-10,agency,b,Sở B,2,")


def test_rows_are_named_from_the_directory_and_nothing_counted_is_no_row() -> None:
    items = [
        {"pk": "M#2026-10", "sk": "agency#dien-luc", "received": 1, "open": 1},
        {"pk": "M#2026-10", "sk": "agency#-", "received": 1, "open": 0, "assigned": 0},
        {"pk": "M#2026-10", "sk": "area#-", "received": 0, "open": 0},
        {"pk": "M#2026-10", "sk": "area#an-xuyen", "received": 2},
        {"pk": "M#2026-10", "sk": "category#dien", "received": 0, "open": 0},
    ]
    names = {"agency": {"dien-luc": "Điện lực Cà Mau"}, "area": {"an-xuyen": "Phường An Xuyên"}}
    result = stats("2026-10", items, names)
    assert [(r.id, r.name) for r in result.by_agency] == [
        ("-", "Chưa giao cơ quan xử lý"),
        ("dien-luc", "Điện lực Cà Mau"),
    ]
    assert [(r.id, r.name) for r in result.by_area] == [("an-xuyen", "Phường An Xuyên")]
    assert result.by_category == []
    csv_lines = to_csv(result).splitlines()
    assert any(line.startswith("2026-10,area,an-xuyen,Phường An Xuyên,2,") for line in csv_lines)
    assert not any(",area,-," in line or ",category," in line for line in csv_lines)
