"""The statistics recomputed from every report and its events: the operator's rebuild and its check,
with the same pure functions as the live projection (stats_facts.py), hence the exact match."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from services.sla.logic.ports import Counters, ReportArchive, StatsStore
from services.sla.logic.projection import fact_row
from services.sla.logic.stats_facts import Fact, day_counters, fact_of, total
from shared.events import ReportEvent
from shared.models import Report
from shared.stats_change import basis_of
from shared.working_time import WorkCalendar


@dataclass(frozen=True)
class Recomputed:
    """Every report's fact with the counted commits its events name; the counters they add up to."""

    facts: list[tuple[Fact, list[int]]]
    counters: Counters

    def rows(self) -> list[dict[str, Any]]:
        """The stats table's content: one fact row per report with the commits its events name as counted
        (an event delivered after the rebuild is not counted again), then the counter items."""
        rows = [
            {**fact_row(fact, max(seqs, default=0)), "seqs": set(seqs or [0])} for fact, seqs in self.facts
        ]
        return rows + [{"pk": pk, "sk": sk, **counts} for (pk, sk), counts in self.counters.items()]


def _fact(report: Report, events: list[ReportEvent], calendar: WorkCalendar) -> tuple[Fact, list[int]]:
    seqs = sorted({event.stats.after.seq for event in events if event.stats})
    return fact_of(report.id, basis_of(report, events), calendar), seqs


def recompute(archive: ReportArchive, calendar: WorkCalendar) -> Recomputed:
    metas, events = archive.everything()
    facts = [_fact(report, events.get(report_id, []), calendar) for report_id, report in metas.items()]
    return Recomputed(facts=facts, counters=total([fact for fact, _ in facts]))


def differences(expected: Counters, actual: Counters) -> list[str]:
    return [
        f"{pk} {sk}: rebuilt {expected.get((pk, sk), {})} live {actual.get((pk, sk), {})}"
        for pk, sk in sorted(expected.keys() | actual.keys())
        if expected.get((pk, sk), {}) != actual.get((pk, sk), {})
    ]


def check(archive: ReportArchive, stats: StatsStore, calendar: WorkCalendar) -> tuple[Recomputed, list[str]]:
    """The recomputation and how the live figures differ from it (writes nothing): the stored counters,
    and each day's figures as the API sums them from the fact rows. A counter item of the layout before
    decision 44 (a day's, the province's) is a difference until a rebuild replaces it."""
    found = recompute(archive, calendar)
    expected_days = day_counters(fact_row(fact, 0) for fact, _ in found.facts)
    return found, [
        *differences(found.counters, stats.all_counters()),
        *differences(expected_days, day_counters(stats.all_facts())),
    ]


def rebuild(archive: ReportArchive, stats: StatsStore, calendar: WorkCalendar) -> Recomputed:
    """Replaces the stats table's content with the recomputation."""
    found = recompute(archive, calendar)
    stats.replace_all(found.rows())
    return found
