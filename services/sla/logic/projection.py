"""The live statistics projection: one report event → the counter deltas its commit carries.

The event brings the report's statistics basis before and after its commit (shared/stats_basis.py), so
nothing is read: one conditional transaction per counted commit, none when the commit moved no figure.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from services.sla.logic.ports import StatsStore
from services.sla.logic.stats_facts import Fact, difference, fact_of
from shared.assignment_clock import committed_with_assignment
from shared.errors import Conflict
from shared.events import ReportEvent
from shared.working_time import WorkCalendar

ATTEMPTS = 5
FACTS = "FACTS#"  # the fact rows' partitions: FACTS#<YYYY-MM>


class Projected(StrEnum):
    COUNTED = "counted"  # the commit's deltas were added
    REPEAT = "repeat"  # its commit was counted already (a redelivery, or a sibling event of that commit)
    UNCHANGED = "unchanged"  # the commit moved no figure: nothing to write
    UNCOUNTED = "uncounted"  # the event carries no basis (its commit emitted nothing the projection hears)


def fact_row(fact: Fact, seq: int) -> dict[str, Any]:
    """The report's fact as the leaders' drill-down and a day's figures read it; `seq` orders the rows of
    one report. Keyed by its day then its id, so one day's rows are one range of the month's partition."""
    return {
        "pk": f"{FACTS}{fact.month}",
        "sk": f"{fact.day}#{fact.report_id}",
        # Top-level copies for the drill-down filters.
        "agency": fact.agency,
        "category": fact.category,
        "area": fact.area,
        "status": fact.status.value,
        "day": fact.day,
        "counts": fact.counts,
        "seq": seq,
    }


def project(event: ReportEvent, stats: StatsStore, calendar: WorkCalendar) -> Projected:
    """Counts the event's commit once, whatever order and however often SQS delivers its events.

    Once: the store marks (report, commit) in the same transaction as the deltas. Order-free: each commit
    adds the difference between the basis it found and the one it left, and the differences of a report's
    commits add up to its latest basis in any order (the fact row keeps the newest).
    """
    if committed_with_assignment(event):
        return Projected.REPEAT  # its commit's Report.Assigned counts that commit: no write to try
    change = event.stats
    if change is None:
        return Projected.UNCOUNTED
    old = fact_of(event.report_id, change.before, calendar) if change.before else None
    new = fact_of(event.report_id, change.after, calendar)
    if old == new:
        return Projected.UNCHANGED
    row, deltas = fact_row(new, change.after.seq), difference(old, new)
    for _ in range(ATTEMPTS):
        try:
            fresh = stats.count(event.report_id, change.after.seq, row, deltas)
        except Conflict:
            continue  # a concurrent transaction held a shared counter: try again
        return Projected.COUNTED if fresh else Projected.REPEAT
    raise Conflict("Không cập nhật được số liệu.", "Could not update the figures; retrying later.")
