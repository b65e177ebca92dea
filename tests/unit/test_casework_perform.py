"""Staff actions end to end on in-memory adapters: access, the routing decision on classify, one commit."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import TypeAdapter

from services.routing.logic.casework import Decision, perform
from services.routing.models.actions import Action
from shared.clock_due import next_check
from shared.errors import Conflict, Forbidden, NotFound
from shared.events import EventType
from shared.models import Agency, Category, Location, Report, Status
from shared.principal import Principal
from shared.sla_policy import SlaSettings, policy_from
from shared.working_time import add_working_hours
from tests.fakes import FakeDirectory, FakeReports

OPERATOR = Principal(subject="1", username="op", groups=frozenset({"operator"}))
DIEN_LUC = Principal(subject="2", username="dl", groups=frozenset({"agency:dien-luc"}))
XAY_DUNG = Principal(subject="3", username="xd", groups=frozenset({"agency:so-xay-dung"}))
ACTIONS: TypeAdapter[Action] = TypeAdapter(Action)
NOW = datetime(2026, 3, 2, 8, tzinfo=UTC)
RULES = policy_from(SlaSettings())


def action(**body: object) -> Action:
    return ACTIONS.validate_python(body)


def act(who: Principal, body: Action, reports: FakeReports, directory: FakeDirectory) -> Decision:
    """One staff action on the test's report, with the default SLA policy."""
    return perform(who, "PA-0000-0001", body, reports, directory, "c", RULES)


@pytest.fixture
def directory() -> FakeDirectory:
    directory = FakeDirectory()
    for code in ("dien", "giao_thong"):
        directory.put_category(Category(code=code, name_vi=code, name_en=code))
    directory.put_rule("dien", "dien-luc", "phuong-tan-thanh")
    return directory


@pytest.fixture
def reports() -> FakeReports:
    reports = FakeReports()
    reports.reports["PA-0000-0001"] = Report(
        id="PA-0000-0001", created_at=NOW, updated_at=NOW, channel="web", description="Mất điện cả khu phố",
        status=Status.TRIAGE, location=Location(lat=9.17, lon=105.15, area_code="phuong-tan-thanh"),
    )  # fmt: skip
    return reports


def test_classify_routes_by_the_same_rule_as_the_worker(
    reports: FakeReports, directory: FakeDirectory
) -> None:
    done = act(OPERATOR, action(type="classify", category="dien", version=1), reports, directory)
    assert (done.report.status, done.report.agency_id, done.report.category_source) == (
        Status.ASSIGNED,
        "dien-luc",
        "operator",
    )
    event, started = done.events
    assert (event.type, event.data) == (
        EventType.ASSIGNED,
        {
            "category": "dien",
            "agency_id": "dien-luc",
            "status": "assigned",
            "accept_due_at": started.data["accept_due_at"],  # the deadlines its commit set
            "answer_due_at": started.data["answer_due_at"],
        },
    )
    # The deadlines land in the same commit, announced by Sla.Started; the SLA worker finds it applied.
    assert started.type is EventType.SLA_STARTED and started.data["assigned_event_id"] == event.event_id
    assert done.report.accept_due_at is not None and event.event_id in done.report.sla_events
    assert reports.get("PA-0000-0001") == done.report
    assert reports.published == done.events  # the store's commit publishes; nothing is left to flush


def test_classify_without_a_rule_stays_in_triage(reports: FakeReports, directory: FakeDirectory) -> None:
    done = act(OPERATOR, action(type="classify", category="giao_thong", version=1), reports, directory)
    [event] = done.events
    assert (done.report.status, event.type, event.data["reason"]) == (
        Status.TRIAGE,
        EventType.NEEDS_TRIAGE,
        "no_rule",
    )


def test_a_stale_version_is_a_conflict_and_changes_nothing(
    reports: FakeReports, directory: FakeDirectory
) -> None:
    with pytest.raises(Conflict):
        act(OPERATOR, action(type="classify", category="dien", version=2), reports, directory)
    assert reports.published == []


def test_other_agencies_reports_are_not_found_and_own_actions_are_checked(
    reports: FakeReports, directory: FakeDirectory
) -> None:
    act(OPERATOR, action(type="classify", category="dien", version=1), reports, directory)
    with pytest.raises(NotFound):
        act(XAY_DUNG, action(type="accept", version=2), reports, directory)
    with pytest.raises(Forbidden):
        act(DIEN_LUC, action(type="publish", version=2), reports, directory)
    done = act(DIEN_LUC, action(type="accept", version=2), reports, directory)
    assert done.report.status is Status.IN_PROGRESS


def test_a_resolve_auto_publishes_when_the_province_says_so(
    reports: FakeReports, directory: FakeDirectory
) -> None:
    directory.province = directory.province.model_copy(update={"auto_publish": True})
    act(OPERATOR, action(type="classify", category="dien", version=1), reports, directory)
    act(DIEN_LUC, action(type="accept", version=2), reports, directory)
    answer = "Đã thay dây điện bị đứt."
    done = act(DIEN_LUC, action(type="resolve", answer=answer, version=3), reports, directory)
    assert [e.type for e in done.events] == [EventType.RESOLVED, EventType.CLOSED]
    assert [e.data["status"] for e in done.events] == ["resolved", "closed"]
    assert (done.report.status, done.report.answer) == (Status.CLOSED, answer)


def test_a_reassignment_sets_the_new_agencys_accept_deadline_in_its_commit(
    reports: FakeReports, directory: FakeDirectory
) -> None:
    directory.put_agency(Agency(id="so-xay-dung", name="Sở Xây dựng", kind="department", emails=["x@y.vn"]))
    first = act(OPERATOR, action(type="classify", category="dien", version=1), reports, directory)
    moved = action(type="assign", agency_id="so-xay-dung", reason="Thuộc thẩm quyền xây dựng", version=2)
    done = act(OPERATOR, moved, reports, directory)
    assigned, started = done.events
    assert (assigned.type, started.type) == (EventType.ASSIGNED, EventType.SLA_STARTED)
    assert started.data["assigned_event_id"] == assigned.event_id
    assert started.data["previous_agency_id"] == "dien-luc"
    # Restarted from the reassignment (the province's default 8 working hours: no deadlines on the category)
    assert done.report.accept_due_at == add_working_hours(assigned.occurred_at, 8)
    assert done.report.answer_due_at == first.report.answer_due_at  # the citizen's clock keeps running
    assert done.report.sla_events == [first.events[0].event_id, assigned.event_id]


def test_a_reopened_report_is_owed_nothing_until_its_new_answer_clock_starts(
    reports: FakeReports, directory: FakeDirectory
) -> None:
    assigned = act(OPERATOR, action(type="classify", category="dien", version=1), reports, directory).report
    assert "answer" in assigned.clocks and next_check(assigned) is not None
    closed = assigned.model_copy(update={"status": Status.CLOSED, "answer": "Đã sửa.", "version": 3})
    reports.reports[closed.id] = closed
    assert next_check(closed) is None

    reopened = act(OPERATOR, action(type="reopen", reason="Vẫn mất điện", version=3), reports, directory)

    # The closed case's answer clock, long overdue, would otherwise put the report back in the sweep's index
    # and warn the agency of a breach before the SLA worker starts the re-opening's clock.
    assert reopened.report.status is Status.IN_PROGRESS
    assert "answer" not in reopened.report.clocks
    assert next_check(reopened.report) is None


class Copies:
    """Copies of reports read earlier (what the staff API's view leaves behind), which may be stale."""

    def __init__(self, *copies: Report) -> None:
        self.copies = {c.id: c.model_copy(deep=True) for c in copies}

    def recent(self, report_id: str) -> Report | None:
        return self.copies.get(report_id)


class CountedReads(FakeReports):
    def __init__(self, reports: FakeReports) -> None:
        super().__init__()
        self.reports, self.reads = reports.reports, 0

    def get(self, report_id: str) -> Report | None:
        self.reads += 1
        return super().get(report_id)


def act_on_copy(
    who: Principal, body: Action, reports: FakeReports, directory: FakeDirectory, copies: Copies
) -> Decision:
    """One staff action, offered a copy of the report read earlier."""
    return perform(who, "PA-0000-0001", body, reports, directory, "c", RULES, copies)


def test_an_action_on_the_copy_its_view_read_reads_nothing_more(
    reports: FakeReports, directory: FakeDirectory
) -> None:
    act(OPERATOR, action(type="classify", category="dien", version=1), reports, directory)
    counted = CountedReads(reports)
    viewed = Copies(reports.reports["PA-0000-0001"])
    done = act_on_copy(DIEN_LUC, action(type="accept", version=2), counted, directory, viewed)
    assert (done.report.status, done.report.version, counted.reads) == (Status.IN_PROGRESS, 3, 0)
    assert counted.reports["PA-0000-0001"] == done.report


def test_a_copy_behind_the_slas_bookkeeping_is_acted_on_afresh(
    reports: FakeReports, directory: FakeDirectory
) -> None:
    act(OPERATOR, action(type="classify", category="dien", version=1), reports, directory)
    viewed = Copies(reports.reports["PA-0000-0001"])
    stored = reports.reports["PA-0000-0001"]
    booked = {"sla_rev": stored.sla_rev + 1, "sla_events": [*stored.sla_events, "sla-bookkeeping"]}
    reports.reports[stored.id] = stored.model_copy(update=booked)
    counted = CountedReads(reports)
    done = act_on_copy(DIEN_LUC, action(type="accept", version=2), counted, directory, viewed)
    assert counted.reads == 1 and done.report.sla_rev == stored.sla_rev + 1  # the fresh read's
    assert "sla-bookkeeping" in done.report.sla_events and reports.reports[stored.id] == done.report


def test_a_copy_never_lets_an_agency_act_on_a_report_taken_from_it(
    reports: FakeReports, directory: FakeDirectory
) -> None:
    directory.put_agency(Agency(id="so-xay-dung", name="Sở Xây dựng", kind="department", emails=["x@y.vn"]))
    act(OPERATOR, action(type="classify", category="dien", version=1), reports, directory)
    seen = Copies(reports.reports["PA-0000-0001"])
    moved = action(type="assign", agency_id="so-xay-dung", reason="Thuộc thẩm quyền xây dựng", version=2)
    act(OPERATOR, moved, reports, directory)
    published = list(reports.published)
    for version in (2, 3):  # the version the copy shows, and the current one
        with pytest.raises(NotFound):
            act_on_copy(DIEN_LUC, action(type="accept", version=version), reports, directory, seen)
    assert reports.published == published
    done = act_on_copy(XAY_DUNG, action(type="accept", version=3), reports, directory, seen)
    assert (done.report.status, done.report.agency_id) == (Status.IN_PROGRESS, "so-xay-dung")


def test_a_stale_version_is_still_a_conflict_with_a_current_copy(
    reports: FakeReports, directory: FakeDirectory
) -> None:
    act(OPERATOR, action(type="classify", category="dien", version=1), reports, directory)
    viewed = Copies(reports.reports["PA-0000-0001"])
    with pytest.raises(Conflict):
        act_on_copy(DIEN_LUC, action(type="accept", version=1), reports, directory, viewed)
