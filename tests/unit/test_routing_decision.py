"""Agency or triage: the one rule of `logic/auto_routing.py`, on the in-memory directory."""

from __future__ import annotations

import pytest

from services.routing.logic.auto_routing import LOW_CONFIDENCE, NO_RULE, decide
from shared.events import EventType
from shared.models import Status
from tests.fakes import FakeDirectory


@pytest.fixture
def directory() -> FakeDirectory:
    directory = FakeDirectory()
    directory.put_rule("dien", "dien-luc")  # province-wide
    directory.put_rule("giao_thong", "ubnd-tan-thanh", "phuong-tan-thanh")
    return directory


def test_a_rule_for_the_area_assigns_its_agency(directory: FakeDirectory) -> None:
    decision = decide("giao_thong", "phuong-tan-thanh", directory)
    assert decision.agency_id == "ubnd-tan-thanh"
    assert (decision.status, decision.event_type, decision.reason) == (
        Status.ASSIGNED,
        EventType.ASSIGNED,
        None,
    )


def test_a_province_wide_rule_serves_every_area_and_no_area(directory: FakeDirectory) -> None:
    assert decide("dien", "phuong-tan-thanh", directory).agency_id == "dien-luc"
    assert decide("dien", None, directory).agency_id == "dien-luc"


def test_a_category_without_a_rule_here_goes_to_triage(directory: FakeDirectory) -> None:
    decision = decide("giao_thong", "xa-an-xuyen", directory)
    assert (decision.agency_id, decision.status, decision.event_type, decision.reason) == (
        None,
        Status.TRIAGE,
        EventType.NEEDS_TRIAGE,
        NO_RULE,
    )


def test_no_category_goes_to_triage_without_asking_the_rules(directory: FakeDirectory) -> None:
    decision = decide(None, "phuong-tan-thanh", directory)
    assert (decision.agency_id, decision.status, decision.reason) == (None, Status.TRIAGE, LOW_CONFIDENCE)
