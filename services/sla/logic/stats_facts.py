"""The statistics as pure functions: one report → its fact → the counters it adds. The live projection
and the rebuild both use them, hence their exact match."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from pydantic import BaseModel

from shared.events import EventType, ReportEvent
from shared.models import Report, Status
from shared.status import is_open
from shared.working_time import TZ, WorkCalendar, working_hours_between

NONE = "-"
DIMENSIONS = ("province", "agency", "category", "area")
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


class EventState(BaseModel):
    """What a report's events tell that its item does not. Merging is order-independent."""

    assigned: bool = False
    resolved_at: datetime | None = None
    rated_at: datetime | None = None
    satisfied: bool | None = None
    score: int | None = None


def fold(state: EventState, event: ReportEvent) -> EventState:
    if event.type is EventType.ASSIGNED:
        return state.model_copy(update={"assigned": True})
    if event.type is EventType.RESOLVED and (
        state.resolved_at is None or event.occurred_at > state.resolved_at
    ):
        return state.model_copy(update={"resolved_at": event.occurred_at})
    if event.type is EventType.RATED and (state.rated_at is None or event.occurred_at > state.rated_at):
        score = event.data.get("score")
        return state.model_copy(
            update={
                "rated_at": event.occurred_at,
                "satisfied": bool(event.data.get("satisfied")),
                "score": int(score) if isinstance(score, int) and 1 <= score <= 5 else None,
            }
        )
    return state


class Fact(BaseModel):
    report_id: str
    day: str
    month: str
    agency: str
    category: str
    area: str
    status: Status
    counts: dict[str, int]


def fact_of(report: Report, state: EventState, calendar: WorkCalendar) -> Fact:
    """The report item as it stands combined with what only its events tell (see EventState).

    A report counts in the day and month it was submitted (local time), under the province, its agency,
    its category and its area ("-" when unknown). "resolved" = answered and not re-opened; "on_time" =
    answered by the answer deadline; "overdue_now" = open with a deadline breached; time to answer =
    office time from submission to the latest answer, in whole minutes of working time.
    """
    local = report.created_at.astimezone(TZ)
    answered = state.resolved_at is not None and report.status in (Status.RESOLVED, Status.CLOSED)
    due = report.answer_due_at
    counts = {
        "received": 1,
        "assigned": int(state.assigned),
        "resolved": int(answered),
        "closed": int(report.status is Status.CLOSED),
        "rejected": int(report.status is Status.REJECTED),
        "open": int(is_open(report.status)),
        "on_time": int(answered and due is not None and state.resolved_at <= due),  # type: ignore[operator]
        "late": int(answered and due is not None and state.resolved_at > due),  # type: ignore[operator]
        "overdue_now": int(is_open(report.status) and any(c.breached_at for c in report.clocks.values())),
        "rated": int(state.rated_at is not None),
        "satisfied": int(bool(state.satisfied)),
        "score_sum": state.score or 0,
        "scored": int(state.score is not None),
    }
    if answered and state.resolved_at is not None:
        hours = working_hours_between(report.created_at, state.resolved_at, calendar)
        counts[f"{MINUTES}{max(0, int(hours * 60))}"] = 1
    return Fact(
        report_id=report.id,
        day=local.strftime("%Y-%m-%d"),
        month=local.strftime("%Y-%m"),
        agency=report.agency_id or NONE,
        category=report.category or NONE,
        area=report.location.area_code or NONE,
        status=report.status,
        counts=counts,
    )


def counter_keys(fact: Fact) -> list[tuple[str, str]]:
    """(pk, sk) of every counter item a fact adds to."""
    dims = {"province": "all", "agency": fact.agency, "category": fact.category, "area": fact.area}
    return [
        (period, f"{dim}#{dims[dim]}")
        for period in (f"M#{fact.month}", f"D#{fact.day}")
        for dim in DIMENSIONS
    ]


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
