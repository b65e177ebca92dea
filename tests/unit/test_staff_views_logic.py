"""What staff read and file, on in-memory adapters: agency staff see their own agency's reports only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.routing.logic.hotline import file_for_caller
from services.routing.logic.staff_views import ListFilters, list_reports, staff_view
from services.routing.models.staff import CallerLocation, FileReport
from shared.errors import Forbidden, InvalidInput, NotFound
from shared.events import EventType
from shared.models import Category, Channel, Location, Report, Status
from shared.principal import Principal
from tests.fakes import FakeDirectory, FakeReportFiles, FakeReports

OPERATOR = Principal(subject="1", username="op", groups=frozenset({"operator"}))
DIEN_LUC = Principal(subject="2", username="dl", groups=frozenset({"agency:dien-luc"}))
NOW = datetime.now(UTC)


def a_report(report_id: str, agency_id: str | None, status: Status, age_days: int = 0) -> Report:
    created = NOW - timedelta(days=age_days)
    return Report(
        id=report_id, created_at=created, updated_at=created, channel="web", description="Mất điện cả khu",
        location=Location(lat=9.17, lon=105.15), agency_id=agency_id, status=status,
    )  # fmt: skip


class Index:
    """Pages of a fixed list, as the table's indexes would serve them."""

    def __init__(self, reports: list[Report]) -> None:
        self.reports = reports
        self.asked: list[tuple[str | None, Status]] = []

    def of_agency(
        self, agency_id: str, status: Status, limit: int, cursor: str | None
    ) -> tuple[list[Report], str | None]:
        self.asked.append((agency_id, status))
        found = [r for r in self.reports if r.agency_id == agency_id and r.status is status]
        return found[:limit], "next" if len(found) > limit else None

    def of_status(self, status: Status, limit: int, cursor: str | None) -> tuple[list[Report], str | None]:
        self.asked.append((None, status))
        return [r for r in self.reports if r.status is status][:limit], None


def test_agency_staff_list_their_agency_whatever_they_ask() -> None:
    index = Index(
        [a_report("PA-1", "dien-luc", Status.ASSIGNED), a_report("PA-2", "so-xay-dung", Status.ASSIGNED)]
    )
    page = list_reports(DIEN_LUC, ListFilters(agency_id="so-xay-dung", status=Status.ASSIGNED), index)
    assert [r.id for r in page.items] == ["PA-1"] and index.asked == [("dien-luc", Status.ASSIGNED)]


def test_operators_list_every_status_newest_first_with_overdue_marked() -> None:
    late = a_report("PA-1", "dien-luc", Status.IN_PROGRESS, age_days=9)
    late.answer_due_at = NOW - timedelta(days=1)
    index = Index([late, a_report("PA-2", None, Status.TRIAGE)])
    page = list_reports(OPERATOR, ListFilters(), index)
    assert [(r.id, r.overdue) for r in page.items] == [("PA-2", False), ("PA-1", True)]
    assert page.next_cursor is None and {status for _, status in index.asked} == set(Status)
    overdue = list_reports(OPERATOR, ListFilters(overdue=True), index)
    assert [r.id for r in overdue.items] == ["PA-1"]
    assert (overdue.items[0].lat, overdue.items[0].lon) == (9.17, 105.15)  # placed on the leader's map


def test_other_agencies_reports_are_not_found() -> None:
    reports = FakeReports()
    reports.reports["PA-1"] = a_report("PA-1", "so-xay-dung", Status.ASSIGNED)
    with pytest.raises(NotFound):
        staff_view(DIEN_LUC, "PA-1", FakeReportFiles(reports))
    view = staff_view(OPERATOR, "PA-1", FakeReportFiles(reports))
    assert view.allowed_actions == ["assign", "hide", "merge"]


def test_possible_duplicates_are_for_the_centre_not_for_agency_staff() -> None:
    reports = FakeReports()
    reports.reports["PA-1"] = a_report("PA-1", "dien-luc", Status.ASSIGNED)
    reports.reports["PA-1"].possible_duplicates = ["PA-2"]
    assert staff_view(OPERATOR, "PA-1", FakeReportFiles(reports)).possible_duplicates == ["PA-2"]
    assert staff_view(DIEN_LUC, "PA-1", FakeReportFiles(reports)).possible_duplicates == []


def test_operators_file_hotline_reports_of_known_categories() -> None:
    reports, directory = FakeReports(), FakeDirectory()
    directory.put_category(Category(code="dien", name_vi="Điện", name_en="Power"))
    body = FileReport(
        description="Mất điện cả khu phố từ sáng",
        category="dien",
        location=CallerLocation(lat=9.17, lon=105.15),
    )
    with pytest.raises(Forbidden):
        file_for_caller(DIEN_LUC, body, reports, directory, "c")
    with pytest.raises(InvalidInput):
        file_for_caller(OPERATOR, body.model_copy(update={"category": "khong_co"}), reports, directory, "c")
    report = file_for_caller(OPERATOR, body, reports, directory, "c")
    [event] = reports.published
    assert (report.channel, report.category_source, event.type, event.actor, event.data) == (
        Channel.HOTLINE,
        "operator",
        EventType.SUBMITTED,
        OPERATOR.actor,
        {
            "category": "dien",
            "channel": "hotline",
            "photos": 0,
            "lat": 9.17,
            "lon": 105.15,
            "reachable": False,  # a hotline caller who left no contact
        },
    )
