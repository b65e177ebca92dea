"""The statistics as pure functions: one report's basis → its fact → the counters it adds. The live
projection and the rebuild both use them, hence their exact match.

One counter item is stored per month and cell — a combination of agency, category and area — (docs/
decisions.md 44): a row of one dimension is the sum of its cells, the province the sum of all, and a day's
figures are summed from that day's fact rows when asked for, so a commit ADDs to one item (two when it
moves the report to another cell), not to 8."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from shared.models import Report, Status
from shared.stats_basis import StatsBasis
from shared.stats_change import basis_of
from shared.status import is_open
from shared.working_time import TZ, WorkCalendar, working_hours_between

NONE = "-"
DIMENSIONS = ("agency", "category", "area")  # a cell's; the province is the sum of every cell
COUNTERS = (
    "received",
    "assigned",
    "resolved",
    "closed",
    "rejected",
    "open",
    "on_time",
    "late",
    "overdue_now",
    "rated",
    "satisfied",
    "score_sum",
    "scored",
)
MINUTES = (
    "t#"  # histogram of time to answer: attribute "t#<minutes>" counts the reports answered in that time
)


class Fact(BaseModel):
    report_id: str
    day: str
    month: str
    agency: str
    category: str
    area: str
    status: Status
    counts: dict[str, int]


def fact_of(report_id: str, basis: StatsBasis, calendar: WorkCalendar) -> Fact:
    """What one report adds to the counters, from its statistics basis (shared/stats_basis.py).

    A report counts in the day and month it was submitted (local time), under the province, its agency,
    its category and its area ("-" when unknown). "resolved" = answered and not re-opened; "on_time" =
    answered by the answer deadline; "overdue_now" = open with a deadline breached; time to answer =
    office time from submission to the latest answer, in whole minutes of working time.
    """
    status = Status(basis.status)
    answered = basis.resolved_at is not None and status in (Status.RESOLVED, Status.CLOSED)
    due = basis.answer_due_at
    counts = {
        "received": 1,
        "assigned": int(basis.assigned),
        "resolved": int(answered),
        "closed": int(status is Status.CLOSED),
        "rejected": int(status is Status.REJECTED),
        "open": int(is_open(status)),
        "on_time": int(answered and due is not None and basis.resolved_at <= due),  # type: ignore[operator]
        "late": int(answered and due is not None and basis.resolved_at > due),  # type: ignore[operator]
        "overdue_now": int(is_open(status) and basis.breached),
        "rated": int(basis.rated_at is not None),
        "satisfied": int(bool(basis.satisfied)),
        "score_sum": basis.score or 0,
        "scored": int(basis.score is not None),
    }
    if answered and basis.resolved_at is not None:
        hours = working_hours_between(basis.created_at, basis.resolved_at, calendar)
        counts[f"{MINUTES}{max(0, int(hours * 60))}"] = 1
    local = basis.created_at.astimezone(TZ)
    return Fact(
        report_id=report_id,
        day=local.strftime("%Y-%m-%d"),
        month=local.strftime("%Y-%m"),
        agency=basis.agency_id or NONE,
        category=basis.category or NONE,
        area=basis.area_code or NONE,
        status=status,
        counts=counts,
    )


def moves_figures(report: Report, calendar: WorkCalendar) -> bool:
    """Whether the report as it stands counts otherwise than its last counted commit said."""
    known = report.stats_basis
    if known is None:
        return False
    return fact_of(report.id, basis_of(report, [], known), calendar) != fact_of(report.id, known, calendar)


def cell(agency: str, category: str, area: str) -> str:
    """A cell's sort key. JSON because the directory's ids may hold any character: no separator can be
    chosen that none of them holds."""
    return json.dumps([agency, category, area], separators=(",", ":"))


def counter_keys(fact: Fact) -> list[tuple[str, str]]:
    """(pk, sk) of the counter item a fact adds to: its month's cell."""
    return [(f"M#{fact.month}", cell(fact.agency, fact.category, fact.area))]


def rows_of_cells(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stored cells ({"sk": cell, counter: n...}) as fact-row-like rows (dimensions, "counts"). An item of
    the layout before cells ("agency#<id>"...: until the one-off rebuild, docs/runbook.md) is left out."""
    found = []
    for item in items:
        if not str(item["sk"]).startswith("["):
            continue
        agency, category, area = json.loads(item["sk"])
        counts = {k: int(v) for k, v in item.items() if k not in ("pk", "sk")}
        found.append({"agency": agency, "category": category, "area": area, "counts": counts})
    return found


def by_dimension(rows: Iterable[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Rows (fact rows, or cells as `rows_of_cells` gives them) summed per "<dimension>#<value>"."""
    sums: dict[str, Counter[str]] = {}
    for row in rows:
        counts = Counter({k: int(v) for k, v in row["counts"].items() if int(v)})
        for dim in DIMENSIONS:
            sums.setdefault(f"{dim}#{row[dim]}", Counter()).update(counts)
    return {key: dict(counts) for key, counts in sums.items()}


def contribution(fact: Fact | None) -> dict[tuple[str, str], Counter[str]]:
    if fact is None:
        return {}
    counts = Counter({k: v for k, v in fact.counts.items() if v})
    return dict.fromkeys(counter_keys(fact), counts)


def difference(old: Fact | None, new: Fact) -> dict[tuple[str, str], dict[str, int]]:
    """What to ADD to each counter item to go from `old`'s contribution to `new`'s (zeros left out)."""
    before, after = contribution(old), contribution(new)
    deltas: dict[tuple[str, str], dict[str, int]] = {}
    for key in before.keys() | after.keys():
        change = Counter(after.get(key, Counter()))
        change.subtract(before.get(key, Counter()))
        nonzero = {k: v for k, v in change.items() if v}
        if nonzero:
            deltas[key] = nonzero
    return deltas


def total(facts: list[Fact]) -> dict[tuple[str, str], dict[str, int]]:
    """The counters of a set of facts (the rebuild), zeros left out."""
    sums: dict[tuple[str, str], Counter[str]] = {}
    for fact in facts:
        for key, counts in contribution(fact).items():
            sums.setdefault(key, Counter()).update(counts)
    return {key: {k: v for k, v in counts.items() if v} for key, counts in sums.items()}


def day_counters(rows: Iterable[dict[str, Any]]) -> dict[tuple[str, str], dict[str, int]]:
    """Each day's figures per dimension value, summed from fact rows (as `fact_row` lays them out), zeros
    left out: what the rebuild's check compares, as the API sums a day."""
    by_day: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_day.setdefault(row["day"], []).append(row)
    return {
        (f"D#{day}", key): {k: v for k, v in counts.items() if v}
        for day, day_rows in by_day.items()
        for key, counts in by_dimension(day_rows).items()
    }
