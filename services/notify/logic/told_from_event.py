"""Events that carry everything their messages say: told without reading the report.

A Report.Rated reaches only the agency, and its email says which report, how it was rated and where staff
see it: the report's id, the rating, the agency and the category are on the event (none of them personal).
The report is still read when the agency has an enabled webhook endpoint, whose body is the report as
the agency sees it (`announce`). Events that reach a reporter always need the report: its contact details
never travel on the bus.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.events import EventType, ReportEvent

# The event's data each of these events must carry to be told from the event alone.
CARRIED: dict[EventType, tuple[str, ...]] = {
    EventType.RATED: ("agency_id", "category", "satisfied", "score"),
}


@dataclass(frozen=True)
class ReportRef:
    """The report as a message told from its event knows it: its id, the tracking code. Any other field a
    template asked for would fail its rendering (the templates' undefined is strict), not go blank."""

    id: str


def carries_its_messages(event: ReportEvent) -> bool:
    wanted = CARRIED.get(event.type)
    return wanted is not None and bool(event.data.get("agency_id")) and all(k in event.data for k in wanted)
