"""The statistics recomputed from every report and its events: the operator's rebuild and its check,
with the same pure functions as the live projection (stats_facts.py), hence the exact match."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from services.sla.logic.ports import Counters, ReportArchive, StatsStore
from services.sla.logic.projection import KEEP_EVENT_IDS, fact_row
from services.sla.logic.stats_facts import EventState, Fact, fact_of, fold, total
from shared.events import ReportEvent
from shared.models import Report
from shared.working_time import WorkCalendar


@dataclass(frozen=True)
class Recomputed:
    """Every report's fact, the event state it came from and its event ids; the counters they add up to."""

    facts: list[tuple[Fact, EventState, list[str]]]
    counters: Counters

    def rows(self) -> list[dict[str, Any]]:
        """The stats table's content: one fact row per report, then the counter items."""
        facts = [fact_row(fact, state, ids[-KEEP_EVENT_IDS:], 1) for fact, state, ids in self.facts]
        return facts + [{"pk": pk, "sk": sk, **counts} for (pk, sk), counts in self.counters.items()]


def _fact(
    report: Report, events: list[ReportEvent], calendar: WorkCalendar
) -> tuple[Fact, EventState, list[str]]:
    state = EventState()
    seen = sorted(events, key=lambda e: e.occurred_at)
    for event in seen:
        state = fold(state, event)
    return fact_of(report, state, calendar), state, [e.event_id for e in seen]


def recompute(archive: ReportArchive, calendar: WorkCalendar) -> Recomputed:
    metas, events = archive.everything()
    facts = [_fact(report, events.get(report_id, []), calendar) for report_id, report in metas.items()]
    return Recomputed(facts=facts, counters=total([fact for fact, _, _ in facts]))


def differences(expected: Counters, actual: Counters) -> list[str]:
    return [
        f"{pk} {sk}: rebuilt {expected.get((pk, sk), {})} live {actual.get((pk, sk), {})}"
        for pk, sk in sorted(expected.keys() | actual.keys())
        if expected.get((pk, sk), {}) != actual.get((pk, sk), {})
    ]


def check(archive: ReportArchive, stats: StatsStore, calendar: WorkCalendar) -> tuple[Recomputed, list[str]]:
    """The recomputation and how the live counters differ from it (writes nothing)."""
    found = recompute(archive, calendar)
    return found, differences(found.counters, stats.all_counters())


def rebuild(archive: ReportArchive, stats: StatsStore, calendar: WorkCalendar) -> Recomputed:
    """Replaces the stats table's content with the recomputation."""
    found = recompute(archive, calendar)
    stats.replace_all(found.rows())
    return found
