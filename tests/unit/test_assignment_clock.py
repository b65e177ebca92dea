"""The deadlines an assignment sets in its own commit: the same clocks and Sla.Started as the SLA worker
would set and emit, recorded so that the SLA worker finds the assignment applied."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from services.sla.logic.clock_events import apply_clock_event
from services.sla.logic.projection import Projected, project
from shared.assignment_clock import ACCEPT, ANSWER, assigned_with_deadlines
from shared.events import EventType, ReportEvent
from shared.models import Channel, Location, Report, Status
from shared.sla_policy import SlaSettings, policy_from
from shared.working_time import add_working_days, add_working_hours
from tests.fakes import FakeDirectory, FakeReports, FakeStats
from tests.unit.sla_examples import MONDAY, POWER, RULES


def filed(**more: object) -> Report:
    return Report.model_validate(
        {
            "id": "PA-TEST-0001",
            "created_at": MONDAY,
            "updated_at": MONDAY,
            "channel": Channel.WEB,
            "category": "dien",
            "description": "x" * 20,
            "location": Location(lat=9.1, lon=105.1, area_code="cm-1"),
            "status": Status.TRIAGE,
            **more,
        }
    )


def assigned_at(at: datetime, agency_id: str = "dien-luc") -> ReportEvent:
    return ReportEvent(
        type=EventType.ASSIGNED,
        source="phananh.routing",
        report_id="PA-TEST-0001",
        occurred_at=at,
        actor="t",
        correlation_id="c",
        data={"category": "dien", "agency_id": agency_id, "status": "assigned"},
    )


def assigning(before: Report, event: ReportEvent, version: int = 2) -> Report:
    """The report as the assignment leaves it, before its deadlines."""
    agency = str(event.data["agency_id"])
    return before.model_copy(update={"status": Status.ASSIGNED, "agency_id": agency, "version": version})


@pytest.fixture
def directory() -> FakeDirectory:
    directory = FakeDirectory()
    directory.put_category(POWER)
    return directory


def test_the_deadlines_and_their_announcement_are_the_sla_workers(directory: FakeDirectory) -> None:
    before, event = filed(), assigned_at(MONDAY)
    as_routed_before = event.model_copy(deep=True)  # a Report.Assigned whose commit set no deadlines
    ours, started = assigned_with_deadlines(before, assigning(before, event), event, POWER, RULES)
    # What the SLA worker sets and emits when it applies the same assignment itself.
    reports = FakeReports()
    reports.reports[before.id] = assigning(before, event)
    theirs = apply_clock_event(as_routed_before, reports, directory, RULES)
    [their_started] = reports.published
    assert theirs is not None
    assert (ours.clocks, ours.accept_due_at, ours.answer_due_at, ours.sla_next_at) == (
        theirs.clocks,
        theirs.accept_due_at,
        theirs.answer_due_at,
        theirs.sla_next_at,
    )
    assert (ours.sla_events, ours.sla_clock_at, ours.sla_rev) == ([event.event_id], MONDAY, 1)
    assert (started.event_id, started.type, started.data) == (
        their_started.event_id,
        EventType.SLA_STARTED,
        their_started.data,
    )
    assert ours.accept_due_at == add_working_hours(MONDAY, 4)
    assert ours.answer_due_at == add_working_days(MONDAY, 3)


class Unread(FakeReports):
    """A store the SLA worker must not read."""

    def get(self, report_id: str) -> Report | None:
        raise AssertionError(f"{report_id} read")


def test_the_sla_worker_finds_the_assignment_applied(directory: FakeDirectory) -> None:
    before, event = filed(), assigned_at(MONDAY)
    as_routed_before = event.model_copy(deep=True)
    report, started = assigned_with_deadlines(before, assigning(before, event), event, POWER, RULES)
    # The committed Report.Assigned says its commit set the deadlines: the SLA worker reads nothing.
    assert (event.data["accept_due_at"], event.data["answer_due_at"]) == (
        started.data["accept_due_at"],
        started.data["answer_due_at"],
    )
    assert apply_clock_event(event, Unread(), directory, RULES) is None
    # One without them (committed before assignments set their deadlines) is read and found applied.
    reports = FakeReports()
    reports.reports[report.id] = report
    assert apply_clock_event(as_routed_before, reports, directory, RULES) is None
    assert reports.reports[report.id] == report and reports.published == []


def test_an_older_assignment_delivered_late_stays_stale(directory: FakeDirectory) -> None:
    first = assigned_at(MONDAY - timedelta(hours=2), agency_id="so-xay-dung")
    event = assigned_at(MONDAY)
    before = filed(status=Status.ASSIGNED, agency_id="so-xay-dung")
    report, _ = assigned_with_deadlines(before, assigning(before, event), event, POWER, RULES)
    reports = FakeReports()
    reports.reports[report.id] = report
    assert apply_clock_event(first, reports, directory, RULES) is None  # older than the assignment applied
    after = reports.reports[report.id]
    assert after.clocks == report.clocks and first.event_id in after.sla_events


def test_a_reassignment_restarts_the_accept_clock_and_keeps_the_answer_clock() -> None:
    before, first = filed(), assigned_at(MONDAY, agency_id="so-xay-dung")
    once, _ = assigned_with_deadlines(before, assigning(before, first), first, POWER, RULES)
    later = assigned_at(MONDAY + timedelta(hours=2))
    twice, started = assigned_with_deadlines(once, assigning(once, later, 3), later, POWER, RULES)
    assert twice.clocks[ANSWER] == once.clocks[ANSWER]
    assert twice.accept_due_at == add_working_hours(MONDAY + timedelta(hours=2), 4)
    assert twice.sla_events == [first.event_id, later.event_id] and twice.sla_rev == 2
    assert started.data["assigned_event_id"] == later.event_id


def test_a_send_back_the_sla_worker_has_not_seen_restarts_both_clocks() -> None:
    before, first = filed(), assigned_at(MONDAY, agency_id="so-xay-dung")
    once, _ = assigned_with_deadlines(before, assigning(before, first), first, POWER, RULES)
    sent_back = once.model_copy(update={"status": Status.TRIAGE, "agency_id": None, "version": 3})
    later = assigned_at(MONDAY + timedelta(days=2))
    again, _ = assigned_with_deadlines(sent_back, assigning(sent_back, later, 4), later, POWER, RULES)
    assert set(again.clocks) == {ACCEPT, ANSWER}
    assert again.answer_due_at == add_working_days(later.occurred_at, 3)  # from this assignment
    assert again.sla_sent_back_at is not None


def test_the_calendar_days_off_move_the_deadlines() -> None:
    before, event = filed(), assigned_at(MONDAY)
    rules = policy_from(SlaSettings(extra_days_off=[date(2026, 10, 6)]))
    report, started = assigned_with_deadlines(before, assigning(before, event), event, POWER, rules)
    assert report.answer_due_at == add_working_days(MONDAY, 4)  # Tuesday off: one more calendar day
    assert started.data["answer_due_at"] == report.answer_due_at.isoformat()


def test_without_a_category_the_province_defaults_apply() -> None:
    before, event = filed(category=None), assigned_at(MONDAY)
    report, _ = assigned_with_deadlines(before, assigning(before, event), event, None, RULES)
    assert report.accept_due_at == add_working_hours(MONDAY, 8)
    assert report.answer_due_at == add_working_days(MONDAY, 6)


def test_the_statistics_count_the_assignments_commit_once_by_its_report_assigned() -> None:
    before, event = filed(), assigned_at(MONDAY)
    reports = FakeReports()
    reports.reports[before.id] = before
    report, started = assigned_with_deadlines(before, assigning(before, event), event, POWER, RULES)
    reports.commit(report, before.version, [event, started], expected_sla_rev=before.sla_rev)
    stats = FakeStats()
    assert project(started, stats, RULES.calendar) is Projected.REPEAT  # first or not, it writes nothing
    assert stats.items == {}
    assert project(event, stats, RULES.calendar) is Projected.COUNTED
    assert project(event, stats, RULES.calendar) is Projected.REPEAT
