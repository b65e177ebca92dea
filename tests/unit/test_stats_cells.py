"""The statistics stored as one counter item per month and cell (agency × category × area): every commit
of a report counted exactly once, in any order and however often its events arrive, and the published
figures — the month's, the day's, the drill-down's — the same whatever the order."""

from __future__ import annotations

from datetime import timedelta
from itertools import permutations
from typing import Any

import pytest

from services.sla.logic.projection import Projected, project
from services.sla.logic.stats_read import drill_down, read_stats
from services.sla.logic.stats_rebuild import check
from shared.events import ReportEvent
from shared.models import Status
from tests.fakes import FakeDirectory, FakeReports, FakeStats
from tests.unit.sla_examples import MONDAY, RULES, power_directory
from tests.unit.test_sla_logic import Archive, EventType, a_report, committed


class Recording(FakeStats):
    """The fake store, keeping the counter items each counted commit ADDed to."""

    def __init__(self) -> None:
        super().__init__()
        self.touched: list[int] = []

    def count(self, report_id: str, seq: int, row: dict[str, Any], deltas: dict[Any, dict[str, int]]) -> bool:
        fresh = super().count(report_id, seq, row, deltas)
        if fresh:
            self.touched.append(len(deltas))
        return fresh


@pytest.fixture
def directory() -> FakeDirectory:
    return power_directory()


def a_life() -> tuple[FakeReports, list[ReportEvent]]:
    """Submitted without an agency, assigned (another cell), accepted, answered, closed: one event each."""
    reports = FakeReports()
    submitted = a_report(reports, Status.TRIAGE)
    reports.reports[submitted.id] = submitted.model_copy(update={"agency_id": None})
    events = [
        committed(reports, EventType.NEEDS_TRIAGE, MONDAY),
        committed(reports, EventType.ASSIGNED, MONDAY, status=Status.ASSIGNED, agency_id="dien-luc"),
        committed(reports, EventType.ACCEPTED, MONDAY + timedelta(hours=1), status=Status.IN_PROGRESS),
        committed(reports, EventType.RESOLVED, MONDAY + timedelta(hours=2), status=Status.RESOLVED),
        committed(reports, EventType.CLOSED, MONDAY + timedelta(hours=3), status=Status.CLOSED),
    ]
    return reports, events


def published(stats: FakeStats, directory: FakeDirectory) -> list[dict[str, Any]]:
    return [
        read_stats("2026-10", stats, directory).model_dump(),
        read_stats("2026-10-05", stats, directory).model_dump(),
        read_stats("2026", stats, directory).model_dump(),
        drill_down("2026-10", stats, None, directory=directory, agency="dien-luc").model_dump(),
    ]


def counted_in(deliveries: list[ReportEvent]) -> tuple[Recording, list[Projected]]:
    stats = Recording()
    return stats, [project(event, stats, RULES.calendar) for event in deliveries]


def test_a_commit_adds_to_one_cell_and_a_move_to_another_cell_to_two(directory: FakeDirectory) -> None:
    _, events = a_life()
    stats, outcomes = counted_in(events)
    assert outcomes == [Projected.COUNTED] * 5
    # The assignment takes the report from agency "-" to dien-luc; the acceptance moves no counter (its
    # fact row alone: the status the drill-down shows).
    assert stats.touched == [1, 2, 0, 1, 1]
    assert len(stats.counters("M#2026-10")) == 2  # the cells of "-" (now all zero) and of dien-luc
    figures = read_stats("2026-10", stats, directory)
    assert (figures.province.received, figures.province.closed, figures.province.open) == (1, 1, 0)
    assert [(row.id, row.received, row.resolved) for row in figures.by_agency] == [("dien-luc", 1, 1)]
    assert read_stats("2026-10-05", stats, directory) == figures.model_copy(update={"period": "2026-10-05"})
    assert read_stats("2026-10-06", stats, directory).province.received == 0


@pytest.mark.parametrize("order", list(permutations(range(5))))
def test_every_order_and_redelivery_counts_each_commit_once(
    order: tuple[int, ...], directory: FakeDirectory
) -> None:
    reports, events = a_life()
    in_order, _ = counted_in(events)
    shuffled = [events[i] for i in order]
    # Each event twice: once straight after itself, and again after all the others (SQS redelivers late).
    deliveries = [e for event in shuffled for e in (event, event)] + list(reversed(shuffled))
    stats, outcomes = counted_in(deliveries)
    assert outcomes.count(Projected.COUNTED) == 5 and outcomes.count(Projected.REPEAT) == 10
    assert published(stats, directory) == published(in_order, directory)
    assert stats.all_counters() == in_order.all_counters()
    assert check(Archive(reports), stats, RULES.calendar)[1] == []
