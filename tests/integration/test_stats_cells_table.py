"""The stats table's layout on the emulator: a month's cells, the fact rows keyed by day, the fact-only
commit in one conditional UpdateItem, and the rebuild replacing the layout that came before."""

from __future__ import annotations

from collections import Counter
from typing import Any

from bench.aws_calls import PLUMBING, Call
from infra.local.provision import Resources
from services.sla.dal.report_archive import ReportTableArchive
from services.sla.dal.stats_table import StatsRepository
from services.sla.logic.stats_facts import cell
from services.sla.logic.stats_read import read_stats
from services.sla.logic.stats_rebuild import check, rebuild
from shared.directory import DirectoryRepository
from shared.sla_policy import SlaSettings, policy_from

CALENDAR = policy_from(SlaSettings()).calendar
MONTH = "2026-10"


def row(report_id: str, day: str, seq: int, status: str = "assigned", **counts: int) -> dict[str, Any]:
    return {
        "pk": f"FACTS#{MONTH}",
        "sk": f"{day}#{report_id}",
        "agency": "dien-luc",
        "category": "dien",
        "area": "-",
        "status": status,
        "day": day,
        "counts": {"received": 1, **counts},
        "seq": seq,
    }


def test_a_commit_that_moves_no_counter_is_one_conditional_update_counted_once(
    aws: Resources, calls: Counter[Call]
) -> None:
    stats = StatsRepository()
    key = (f"M#{MONTH}", cell("dien-luc", "dien", "-"))
    assert stats.count("PA-1", 1, row("PA-1", "2026-10-05", 1), {key: {"received": 1, "open": 1}})
    assert calls[Call(PLUMBING, "dynamodb", "transact_write_items")] == 1
    # The acceptance: the status changes, no counter does.
    accepted = row("PA-1", "2026-10-05", 3, "in_progress")
    assert stats.count("PA-1", 3, accepted, {}) is True
    assert stats.count("PA-1", 3, accepted, {}) is False  # redelivered
    assert calls[Call(PLUMBING, "dynamodb", "update_item")] == 3  # no transaction for one item
    assert calls[Call(PLUMBING, "dynamodb", "transact_write_items")] == 1
    # An older commit arriving late is counted once and leaves the newer fact in place.
    older = row("PA-1", "2026-10-05", 2, "assigned")
    assert stats.count("PA-1", 2, older, {}) is True
    assert stats.count("PA-1", 2, older, {}) is False
    [fact] = stats.facts(MONTH)
    assert (fact["status"], fact["seq"], fact["seqs"]) == ("in_progress", 3, {1, 2, 3})


def test_a_days_figures_are_summed_from_its_fact_rows_alone(aws: Resources) -> None:
    stats = StatsRepository()
    for report_id, day in (("PA-1", "2026-10-05"), ("PA-2", "2026-10-05"), ("PA-3", "2026-10-06")):
        key = (f"M#{MONTH}", cell("dien-luc", "dien", "-"))
        assert stats.count(report_id, 1, row(report_id, day, 1, open=1), {key: {"received": 1, "open": 1}})
    assert sorted(r["sk"] for r in stats.day_facts("2026-10-05")) == ["2026-10-05#PA-1", "2026-10-05#PA-2"]
    directory = DirectoryRepository()
    day = read_stats("2026-10-05", stats, directory)
    assert (day.province.received, day.province.open, [r.id for r in day.by_agency]) == (2, 2, ["dien-luc"])
    assert read_stats(MONTH, stats, directory).province.received == 3
    assert read_stats("2026-10-07", stats, directory).province.received == 0


def test_a_cell_key_holds_any_id_the_directory_may_hold(aws: Resources) -> None:
    stats = StatsRepository()
    odd = 'sở#"xây"/dựng'
    key = (f"M#{MONTH}", cell(odd, "dien", "-"))
    fact = {**row("PA-1", "2026-10-05", 1), "agency": odd}
    assert stats.count("PA-1", 1, fact, {key: {"received": 1}})
    figures = read_stats(MONTH, stats, DirectoryRepository())
    assert [(r.id, r.received) for r in figures.by_agency] == [(odd, 1)]
    assert [(r.id, r.received) for r in figures.by_category] == [("dien", 1)]


def test_the_layout_before_cells_is_a_difference_until_a_rebuild(aws: Resources) -> None:
    stats = StatsRepository()
    table = stats._table
    # What the projection stored before: counters per dimension, per day, for the province.
    for pk, sk in ((f"M#{MONTH}", "province#all"), ("D#2026-10-05", "agency#dien-luc")):
        table.put_item(Item={"pk": pk, "sk": sk, "received": 1})
    table.put_item(Item={**row("PA-OLD", "2026-10-05", 1), "sk": "PA-OLD", "seqs": {1}})
    assert read_stats(MONTH, stats, DirectoryRepository()).province.received == 0  # read, left out
    differences = check(ReportTableArchive(), stats, CALENDAR)[1]
    assert any("province#all" in line for line in differences)
    assert any(line.startswith("D#2026-10-05 agency#dien-luc") for line in differences)
    rebuild(ReportTableArchive(), stats, CALENDAR)
    assert check(ReportTableArchive(), stats, CALENDAR)[1] == []
    assert stats.all_counters() == {} and list(stats.all_facts()) == []
