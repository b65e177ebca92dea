"""The SLA clock rules as pure functions: no AWS."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from services.sla.logic import clocks
from shared import sla_policy as policy
from shared.assignment_clock import on_assigned
from shared.clock_due import next_check
from shared.events import EventType, ReportEvent
from shared.models import Category, Channel, Location, Report, Status, Urgency
from shared.working_time import add_working_days, working_hours_between
from tests.unit.sla_examples import MONDAY, POWER, RULES

ROADS = Category(code="giao_thong", name_vi="Đường", name_en="Roads", answer_days=6)


def report(status: Status = Status.ASSIGNED, urgency: Urgency = Urgency.NORMAL) -> Report:
    return Report(
        id="PA-TEST-0001",
        created_at=MONDAY,
        updated_at=MONDAY,
        channel=Channel.WEB,
        category="giao_thong",
        urgency=urgency,
        description="x" * 20,
        location=Location(lat=9.1, lon=105.1),
        status=status,
        agency_id="so-xay-dung",
    )


def event(type_: EventType, at: datetime, **data: object) -> ReportEvent:
    return ReportEvent(
        type=type_,
        source="phananh.routing",
        report_id="PA-TEST-0001",
        occurred_at=at,
        actor="t",
        correlation_id="c",
        data=data,
    )


def test_defaults_are_8_hours_to_accept_and_the_categorys_days_to_answer() -> None:
    terms = policy.deadlines_for(ROADS, Urgency.NORMAL, RULES)
    assert (terms.accept_hours, terms.answer_days) == (8, 6)
    assert policy.deadlines_for(None, Urgency.COMPLEX, RULES).answer_days == 6


def test_urgency_comes_from_the_report_or_else_the_category() -> None:
    assert policy.effective_urgency(report(), POWER) is Urgency.URGENT
    assert policy.effective_urgency(report(urgency=Urgency.COMPLEX), POWER) is Urgency.COMPLEX
    terms = policy.deadlines_for(POWER, policy.effective_urgency(report(), POWER), RULES)
    assert (terms.accept_hours, terms.answer_days) == (4, 3)


def test_a_six_day_answer_warns_one_working_day_before() -> None:
    started = on_assigned(report(), event(EventType.ASSIGNED, MONDAY), ROADS, RULES)
    answer = started.clocks["answer"]
    assert answer.due_at == add_working_days(MONDAY, 6)
    assert working_hours_between(answer.warn_at, answer.due_at) == pytest.approx(7.5)
    # Escalation: 2 working days after the due instant (close of office → close of office).
    assert answer.escalate_at == add_working_days(answer.due_at, 2)
    assert started.sla_next_at == started.clocks["accept"].warn_at  # the first thing owed


def test_the_sweep_owes_nothing_for_an_accepted_or_paused_report() -> None:
    started = on_assigned(report(), event(EventType.ASSIGNED, MONDAY), ROADS, RULES)
    accepted = started.model_copy(update={"status": Status.IN_PROGRESS})  # the accept's commit, no more
    assert next_check(accepted) == accepted.clocks["answer"].warn_at  # what that commit stores
    late = accepted.clocks["answer"].escalate_at  # long after the accept clock would have escalated
    _, owed = clocks.owed(accepted, late)
    # The accepted report owes nothing on "accept"; on "answer" a breach and an escalation, no late warning.
    assert [(o.type, o.kind) for o in owed] == [
        (EventType.SLA_BREACHED, "answer"),
        (EventType.SLA_ESCALATED, "answer"),
    ]
    paused = clocks.on_progress(
        accepted, event(EventType.PROGRESS_NOTED, MONDAY, waiting_for_reporter=True), RULES
    )
    assert paused.sla_next_at is None
    assert clocks.owed(paused, late + timedelta(days=30))[1] == []


def test_resuming_moves_only_what_is_still_ahead() -> None:
    started = on_assigned(report(), event(EventType.ASSIGNED, MONDAY), ROADS, RULES)
    paused = clocks.on_progress(
        started, event(EventType.PROGRESS_NOTED, MONDAY, waiting_for_reporter=True), RULES
    )
    # Waiting from Monday 09:00 to Wednesday 09:00: two working days.
    back = clocks.on_progress(
        paused, event(EventType.PROGRESS_NOTED, MONDAY + timedelta(days=2), waiting_for_reporter=False), RULES
    )
    assert back.paused_at is None
    assert back.answer_due_at == add_working_days(MONDAY, 8)
    assert back.sla_next_at is not None


def test_a_reassignment_restarts_only_the_accept_clock() -> None:
    first = on_assigned(report(), event(EventType.ASSIGNED, MONDAY), ROADS, RULES)
    later = MONDAY + timedelta(days=1)
    again = on_assigned(first, event(EventType.ASSIGNED, later), ROADS, RULES)
    assert again.answer_due_at == first.answer_due_at
    assert again.accept_due_at is not None and first.accept_due_at is not None
    assert again.accept_due_at > first.accept_due_at


def test_reopening_gives_a_fresh_answer_clock() -> None:
    started = on_assigned(report(), event(EventType.ASSIGNED, MONDAY), ROADS, RULES)
    reopened_at = MONDAY + timedelta(days=14)
    reopened = clocks.on_reopened(
        started.model_copy(update={"status": Status.IN_PROGRESS}),
        event(EventType.REOPENED, reopened_at),
        ROADS,
        RULES,
    )
    assert reopened.answer_due_at == add_working_days(reopened_at, 6)
    assert reopened.clocks["answer"].breached_at is None
