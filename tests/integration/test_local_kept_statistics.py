"""Statistics kept by an earlier local run in the layout before decision 44 are rebuilt at start
(infra/local/kept_statistics.py), so the dashboard shows them at once; current ones are left alone."""

from __future__ import annotations

from infra.local.kept_statistics import bring_up_to_date
from infra.local.provision import Resources
from services.sla.dal.stats_table import StatsRepository


def test_counters_of_the_earlier_layout_are_rebuilt_once(aws: Resources) -> None:
    stats = StatsRepository()
    stats._table.put_item(Item={"pk": "M#2026-10", "sk": "province#all", "received": 1})
    said: list[str] = []

    assert bring_up_to_date(said.append) == 1
    assert stats.all_counters() == {}  # no report behind it: the old item is gone
    assert len(said) == 1 and "statistics rebuilt" in said[0]

    assert bring_up_to_date(said.append) == 0  # up to date now: nothing rewritten, nothing said
    assert len(said) == 1
