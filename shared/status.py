"""The report's state machine: which status may follow which.

`closed` also covers merged duplicates; overdue is a flag on the deadline, never a status.
"""

from __future__ import annotations

from shared.errors import IllegalTransition
from shared.models import Status

TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.RECEIVED: frozenset({Status.ASSIGNED, Status.TRIAGE, Status.REJECTED, Status.CLOSED}),
    Status.TRIAGE: frozenset({Status.ASSIGNED, Status.REJECTED, Status.CLOSED}),
    Status.ASSIGNED: frozenset({Status.IN_PROGRESS, Status.TRIAGE, Status.ASSIGNED, Status.CLOSED}),
    Status.IN_PROGRESS: frozenset({Status.RESOLVED, Status.TRIAGE, Status.CLOSED}),
    Status.RESOLVED: frozenset({Status.CLOSED, Status.IN_PROGRESS}),
    Status.CLOSED: frozenset({Status.IN_PROGRESS}),  # re-opened when the citizen is not satisfied
    Status.REJECTED: frozenset({Status.TRIAGE}),
}

OPEN_STATUSES = frozenset({Status.RECEIVED, Status.TRIAGE, Status.ASSIGNED, Status.IN_PROGRESS})


def allowed_from(current: Status) -> list[Status]:
    return sorted(TRANSITIONS[current])


def ensure_transition(current: Status, target: Status) -> None:
    if target not in TRANSITIONS[current]:
        raise IllegalTransition(current.value, target.value, [s.value for s in allowed_from(current)])


def is_open(status: Status) -> bool:
    return status in OPEN_STATUSES
