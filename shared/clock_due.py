"""When the SLA sweep next owes a report something, from its clocks and status alone.

Every commit stores it (shared/repository.py keys the sparse `due` index by it), whoever commits: an
agency's accept or answer, an operator's close, a rejection or a merge stop clocks by their status alone, so
the index follows them in the same write and the SLA worker has nothing left to do for them. Pure and
light (no calendar): every service's store imports it.
"""

from __future__ import annotations

from datetime import datetime

from shared.models import Report, Status
from shared.status import is_open

ACCEPT = "accept"
ANSWER = "answer"


def running(report: Report, kind: str) -> bool:
    """Does this clock still count? accept while the report is `assigned`, answer while it is open, neither
    while waiting for the reporter. Derived from the status, so an event the SLA worker has not seen yet
    (e.g. the agency accepted a minute ago) already stops the sweep from warning about it."""
    if kind not in report.clocks or report.paused_at is not None:
        return False
    if kind == ACCEPT:
        return report.status is Status.ASSIGNED
    return is_open(report.status)


def next_check(report: Report) -> datetime | None:
    """The earliest instant at which the sweep owes this report something (None: nothing more)."""
    instants: list[datetime] = []
    for kind, clock in report.clocks.items():
        if not running(report, kind):
            continue
        if clock.breached_at is None:
            instants.append(clock.due_at if clock.warned else min(clock.warn_at, clock.due_at))
        elif clock.escalated_at is None:
            instants.append(clock.escalate_at)
    return min(instants, default=None)
