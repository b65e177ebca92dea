from __future__ import annotations

import pytest

from shared.errors import IllegalTransition
from shared.models import Status
from shared.status import OPEN_STATUSES, TRANSITIONS, allowed_from, ensure_transition, is_open


def test_every_status_has_its_transitions_declared() -> None:
    assert set(TRANSITIONS) == set(Status)
    for targets in TRANSITIONS.values():
        assert targets <= set(Status)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (Status.RECEIVED, Status.ASSIGNED),
        (Status.RECEIVED, Status.TRIAGE),
        (Status.TRIAGE, Status.ASSIGNED),
        (Status.ASSIGNED, Status.IN_PROGRESS),
        (Status.IN_PROGRESS, Status.RESOLVED),
        (Status.RESOLVED, Status.CLOSED),
        (Status.CLOSED, Status.IN_PROGRESS),  # re-opened
        (Status.ASSIGNED, Status.TRIAGE),  # sent back by the agency
    ],
)
def test_the_documented_flow_is_allowed(current: Status, target: Status) -> None:
    ensure_transition(current, target)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (Status.RECEIVED, Status.RESOLVED),  # nobody answered it
        (Status.CLOSED, Status.ASSIGNED),
        (Status.REJECTED, Status.CLOSED),
        (Status.RESOLVED, Status.ASSIGNED),
    ],
)
def test_skipping_steps_is_refused_with_the_allowed_ones(current: Status, target: Status) -> None:
    with pytest.raises(IllegalTransition) as refused:
        ensure_transition(current, target)
    assert refused.value.allowed == [s.value for s in allowed_from(current)]
    assert target.value not in refused.value.allowed
    assert refused.value.message_vi and refused.value.message_en


def test_open_means_someone_still_owes_an_answer() -> None:
    assert {Status.RECEIVED, Status.TRIAGE, Status.ASSIGNED, Status.IN_PROGRESS} == OPEN_STATUSES
    assert not is_open(Status.RESOLVED)
    assert not is_open(Status.CLOSED)
