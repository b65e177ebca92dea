"""What staff read: one report in full (with its history), and filtered lists served by indexes."""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel, Field

from services.routing.logic.access import ensure_reads_reports, ensure_visible, reads_all, sees_contact
from services.routing.logic.casework import allowed_actions
from services.routing.logic.ports import CaseFiles, ReportIndex
from services.routing.logic.staff_photos import photo_states
from services.routing.models.staff import ReportPage, StaffReport, StaffReportSummary, TimelineEvent
from shared.models import Report, Status
from shared.principal import Principal

SUMMARY_CHARS = 160


class ListFilters(BaseModel):
    status: Status | None = None
    agency_id: str | None = Field(default=None, pattern=r"^[a-z0-9-]{1,60}$")
    category: str | None = Field(default=None, pattern=r"^[a-z0-9_]{1,40}$")
    due_before: datetime | None = None
    overdue: bool | None = None
    limit: int = Field(default=50, ge=1, le=100)
    cursor: str | None = Field(default=None, max_length=2000)


def staff_view(principal: Principal, report_id: str, files: CaseFiles) -> StaffReport:
    """The report, its history and its photos' states, from one read of the report's partition."""
    found = files.whole(report_id)
    report = ensure_visible(principal, found.report if found else None, report_id)
    events, photos = (found.events, found.photos) if found else ([], {})
    timeline = [
        TimelineEvent(at=e.occurred_at, type=e.type.value, actor=e.actor, data=e.data) for e in events
    ]
    return StaffReport.model_validate(
        {
            **report.model_dump(),
            "reporter": report.reporter.without_chat() if sees_contact(principal, report) else None,
            "allowed_actions": allowed_actions(principal, report),
            "timeline": sorted(timeline, key=lambda t: t.at),
            "photo_status": photo_states(report, photos),
            # Merging is the centre's: to an agency these are other reports' ids, maybe another agency's.
            "possible_duplicates": report.possible_duplicates if reads_all(principal) else [],
        }
    )


def _overdue(report: Report, now: datetime) -> bool:
    return report.breached_at is not None or (
        report.answer_due_at is not None
        and report.answer_due_at < now
        and report.status not in {Status.RESOLVED, Status.CLOSED, Status.REJECTED}
    )


def summary(report: Report, now: datetime) -> StaffReportSummary:
    return StaffReportSummary(
        **report.model_dump(
            include=set(StaffReportSummary.model_fields) & set(Report.model_fields) - {"possible_duplicates"}
        ),
        area_code=report.location.area_code,
        lat=report.location.lat,
        lon=report.location.lon,
        overdue=_overdue(report, now),
        possible_duplicates=len(report.possible_duplicates),
        summary=report.description[:SUMMARY_CHARS],
    )


def _kept(report: Report, filters: ListFilters, now: datetime) -> bool:
    return (
        (filters.category is None or report.category == filters.category)
        and (
            filters.due_before is None
            or (report.answer_due_at is not None and report.answer_due_at <= filters.due_before)
        )
        and (filters.overdue is None or _overdue(report, now) == filters.overdue)
    )


def _found(agency: str | None, filters: ListFilters, index: ReportIndex) -> tuple[list[Report], str | None]:
    """One partition when a status is asked (pages go on with the cursor); else the top N of each status."""
    statuses = [filters.status] if filters.status else list(Status)
    cursor_in = filters.cursor if filters.status else None
    found: list[Report] = []
    cursor = None
    for status in statuses:
        if agency:
            page, cursor = index.of_agency(agency, status, filters.limit, cursor_in)
        else:
            page, cursor = index.of_status(status, filters.limit, cursor_in)
        found += page
    return found, cursor if filters.status else None


def list_reports(principal: Principal, filters: ListFilters, index: ReportIndex) -> ReportPage:
    """Agency staff: their agency's only, whatever they ask. Others: any agency, or all by status."""
    ensure_reads_reports(principal)
    agency = filters.agency_id if reads_all(principal) else principal.agency_id
    found, cursor = _found(agency, filters, index)
    now = datetime.now(UTC)
    kept = sorted((r for r in found if _kept(r, filters, now)), key=lambda r: r.created_at, reverse=True)
    return ReportPage(items=[summary(r, now) for r in kept[: filters.limit]], next_cursor=cursor)
