"""The routing worker's logic on in-memory adapters: area, category, the routing decision, duplicate hints."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.routing.logic.auto_routing import Routed, Router, route_report
from services.routing.logic.ports import AreaFinder, NearbyReports
from shared.events import EventType, ReportEvent
from shared.models import Location, Report, Status
from shared.sla_policy import SlaSettings, policy_from
from tests.fakes import FakeDirectory, FakeReports

NOW = datetime(2026, 3, 2, 8, tzinfo=UTC)
TAN_THANH = (9.17, 105.15)
RULES = policy_from(SlaSettings())


def route(
    event: ReportEvent,
    reports: FakeReports,
    directory: FakeDirectory,
    areas: AreaFinder,
    nearby: NearbyReports,
) -> Routed:
    return route_report(event, Router(reports, directory, areas, nearby, RULES))


class OneArea:
    """Every point is in phuong-tan-thanh."""

    def area_at(self, lat: float, lon: float) -> str | None:
        return "phuong-tan-thanh"


class Neighbours:
    def __init__(self, reports: list[Report]) -> None:
        self.reports = reports
        self.asked: list[str] = []

    def around(self, category: str, lat: float, lon: float, since: datetime) -> list[Report]:
        self.asked.append(category)
        return [r for r in self.reports if r.category == category and r.created_at >= since]


def a_report(report_id: str, description: str, category: str | None = None, **more: object) -> Report:
    return Report.model_validate(
        {
            "id": report_id,
            "created_at": NOW,
            "updated_at": NOW,
            "channel": "web",
            "description": description,
            "category": category,
            "location": Location(lat=TAN_THANH[0], lon=TAN_THANH[1]),
            **more,
        }
    )


def submitted(report: Report) -> ReportEvent:
    return ReportEvent(
        type=EventType.SUBMITTED, source="test", report_id=report.id, actor="citizen", correlation_id="c"
    )


@pytest.fixture
def directory() -> FakeDirectory:
    directory = FakeDirectory()
    directory.put_rule("dien", "dien-luc")
    return directory


@pytest.fixture
def reports() -> FakeReports:
    return FakeReports()


def test_a_clear_text_is_classified_and_assigned(reports: FakeReports, directory: FakeDirectory) -> None:
    report = a_report("PA-0000-0001", "Mất điện cả khu phố từ sáng")
    reports.reports[report.id] = report
    routed = route(submitted(report), reports, directory, OneArea(), Neighbours([]))
    assert routed.event is not None and routed.event.type is EventType.ASSIGNED
    stored = reports.get(report.id)
    assert stored is not None and stored.accept_due_at and stored.answer_due_at
    assert routed.event.data == {
        "category": "dien",
        "area_code": "phuong-tan-thanh",
        "agency_id": "dien-luc",
        "status": "assigned",
        "accept_due_at": stored.accept_due_at.isoformat(),  # the deadlines its commit set
        "answer_due_at": stored.answer_due_at.isoformat(),
    }
    assert (stored.status, stored.agency_id, stored.category_source, stored.version) == (
        Status.ASSIGNED,
        "dien-luc",
        "classifier",
        2,
    )
    assert stored.location.area_code == "phuong-tan-thanh"
    # The deadlines are set and announced in the assignment's own commit: the SLA worker finds it done.
    assigned, started = reports.published
    assert assigned == routed.event and assigned.event_id in stored.sla_events
    assert started.type is EventType.SLA_STARTED and started.data["assigned_event_id"] == assigned.event_id
    assert stored.accept_due_at is not None and stored.answer_due_at is not None
    assert started.data["answer_due_at"] == stored.answer_due_at.isoformat()


def test_other_with_a_vague_text_goes_to_triage(reports: FakeReports, directory: FakeDirectory) -> None:
    directory.put_rule("khac", "dien-luc")  # "other" is never routed by a rule, even one an admin set
    report = a_report("PA-0000-0001", "Đề nghị cơ quan chức năng xem xét giúp", category="khac")
    reports.reports[report.id] = report
    routed = route(submitted(report), reports, directory, OneArea(), Neighbours([]))
    assert routed.event is not None and routed.event.type is EventType.NEEDS_TRIAGE
    assert routed.event.data["reason"] == "low_confidence"
    stored = reports.get(report.id)
    assert stored is not None and (stored.status, stored.agency_id, stored.category) == (
        Status.TRIAGE,
        None,
        "khac",
    )


def test_a_category_without_a_rule_goes_to_triage(reports: FakeReports, directory: FakeDirectory) -> None:
    report = a_report("PA-0000-0001", "Ổ gà lớn giữa đường", category="giao_thong")
    reports.reports[report.id] = report
    routed = route(submitted(report), reports, directory, OneArea(), Neighbours([]))
    assert routed.event is not None and routed.event.data["reason"] == "no_rule"


def test_open_reports_nearby_are_hinted(reports: FakeReports, directory: FakeDirectory) -> None:
    earlier = a_report("PA-0000-0001", "Mất điện", category="dien", created_at=NOW - timedelta(days=1))
    closed = a_report(
        "PA-0000-0002", "Mất điện", category="dien", created_at=NOW - timedelta(days=1), status="closed"
    )
    far = earlier.model_copy(update={"id": "PA-0000-0003", "location": Location(lat=9.2, lon=105.15)})
    report = a_report("PA-0000-0009", "Mất điện cả khu phố", category="dien")
    reports.reports[report.id] = report
    nearby = Neighbours([earlier, closed, far, report])
    route(submitted(report), reports, directory, OneArea(), nearby)
    stored = reports.get(report.id)
    assert stored is not None and stored.possible_duplicates == ["PA-0000-0001"]
    assert nearby.asked == ["dien"]


def test_a_report_no_longer_received_is_left_alone(reports: FakeReports, directory: FakeDirectory) -> None:
    report = a_report("PA-0000-0001", "Mất điện cả khu phố", status="triage")
    reports.reports[report.id] = report
    routed = route(submitted(report), reports, directory, OneArea(), Neighbours([]))
    assert (routed.event, routed.skipped) == (None, "nothing to route")
    assert reports.published == []


def test_a_change_meanwhile_means_another_delivery_routed_it(directory: FakeDirectory) -> None:
    class Racing(FakeReports):
        def get(self, report_id: str) -> Report | None:
            report = super().get(report_id)
            if report is not None:  # someone else commits between our read and our write
                self.reports[report_id] = report.model_copy(update={"version": report.version + 1})
            return report

    reports = Racing()
    report = a_report("PA-0000-0001", "Mất điện cả khu phố", category="dien")
    reports.reports[report.id] = report
    routed = route(submitted(report), reports, directory, OneArea(), Neighbours([]))
    assert routed.event is None and routed.skipped and "changed meanwhile" in routed.skipped
    assert reports.published == []


class Unread(FakeReports):
    """A store whose reports must not be read: routing has the report from its neighbourhood."""

    def get(self, report_id: str) -> Report | None:
        raise AssertionError("read the report")


def filed(report: Report) -> ReportEvent:
    """Report.Submitted as shared/new_report.py builds it: the category and the point."""
    lat, lon = report.location.lat, report.location.lon
    return submitted(report).model_copy(
        update={
            "occurred_at": report.created_at,
            "data": {"category": report.category, "lat": lat, "lon": lon},
        }
    )


def test_the_report_as_filed_is_found_among_its_neighbours_unread(directory: FakeDirectory) -> None:
    reports = Unread()
    report = a_report("PA-0000-0009", "Mất điện cả khu phố", category="dien")
    reports.reports[report.id] = report
    routed = route(filed(report), reports, directory, OneArea(), Neighbours([report]))
    assert routed.event is not None and routed.event.type is EventType.ASSIGNED
    assert reports.reports[report.id].agency_id == "dien-luc"


def test_a_neighbours_copy_behind_the_report_is_read_afresh(
    reports: FakeReports, directory: FakeDirectory
) -> None:
    copy = a_report("PA-0000-0009", "Mất điện cả khu phố", category="dien")
    hidden = copy.model_copy(update={"hidden": True, "version": 2})  # an operator hid it meanwhile
    reports.reports[copy.id] = hidden
    routed = route(filed(copy), reports, directory, OneArea(), Neighbours([copy]))
    stored = reports.reports[copy.id]
    assert routed.event is not None and stored.status is Status.ASSIGNED
    assert stored.hidden and stored.version == 3  # routed from the report as it stands, nothing lost


def test_a_redelivery_finds_a_stale_copy_and_routes_nothing_twice(
    reports: FakeReports, directory: FakeDirectory
) -> None:
    report = a_report("PA-0000-0009", "Mất điện cả khu phố", category="dien")
    reports.reports[report.id] = report
    event = filed(report)
    assert route(event, reports, directory, OneArea(), Neighbours([report])).event is not None
    again = route(event, reports, directory, OneArea(), Neighbours([report]))  # the index lags
    assert again.event is None and [e.type for e in reports.events[report.id]] == [
        EventType.ASSIGNED,
        EventType.SLA_STARTED,
    ]
