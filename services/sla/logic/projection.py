"""The live statistics projection: one report event → the report's fact → counter deltas."""

from __future__ import annotations

from typing import Any

from services.sla.logic.ports import StatsStore
from services.sla.logic.stats_facts import EventState, Fact, difference, fact_of, fold
from shared.errors import Conflict
from shared.events import ReportEvent
from shared.models import Report
from shared.ports import ReportStore
from shared.working_time import TZ, WorkCalendar

ATTEMPTS = 5
KEEP_EVENT_IDS = 50


def fact_row(fact: Fact, state: EventState, events: list[str], version: int) -> dict[str, Any]:
    return {
        "pk": f"FACTS#{fact.month}",
        "sk": fact.report_id,
        # Top-level copies for the leaders' drill-down filters.
        "agency": fact.agency,
        "category": fact.category,
        "area": fact.area,
        "status": fact.status.value,
        "day": fact.day,
        "counts": fact.counts,
        "state": state.model_dump_json(),
        "events": events,
        "v": version,
    }


def stored_fact(row: dict[str, Any]) -> Fact:
    return Fact(
        report_id=row["sk"],
        day=row["day"],
        month=row["pk"].removeprefix("FACTS#"),
        agency=row["agency"],
        category=row["category"],
        area=row["area"],
        status=row["status"],
        counts=row["counts"],
    )


def event_ids(row: dict[str, Any] | None, new: str) -> list[str]:
    return [*(row or {}).get("events", []), new][-KEEP_EVENT_IDS:]


def project(event: ReportEvent, reports: ReportStore, stats: StatsStore, calendar: WorkCalendar) -> bool:
    """Returns True when the counters changed hands (the event was new), False for a repeat or for an
    event of a report that does not exist.

    Idempotent on the event id (the fact row keeps the ids applied, in the same transaction as the
    deltas) and independent of delivery order (the fact comes from the report item and an order-free
    merge of the events).
    """
    for _ in range(ATTEMPTS):
        report: Report | None = reports.get(event.report_id)
        if report is None:
            return False
        month = report.created_at.astimezone(TZ).strftime("%Y-%m")
        row = stats.fact_row(month, report.id)
        if row and event.event_id in row.get("events", []):
            return False
        state = fold(EventState.model_validate_json(row["state"]) if row else EventState(), event)
        old = stored_fact(row) if row else None
        new = fact_of(report, state, calendar)
        version = int(row["v"]) if row else None
        try:
            stats.apply(
                fact_row(new, state, event_ids(row, event.event_id), (version or 0) + 1),
                version,
                difference(old, new),
            )
        except Conflict:
            continue  # another event of this report, or a shared counter, moved meanwhile: recompute
        return True
    raise Conflict("Không cập nhật được số liệu.", "Could not update the figures; retrying later.")
