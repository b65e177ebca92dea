"""The case-work routes of the staff API. Each parses, calls one logic function, answers."""

from __future__ import annotations

import base64
from typing import Annotated, Literal

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Body, Path, Query
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from services.routing.dal.deadline_settings import deadline_policy
from services.routing.dal.remembering_reports import RememberingReports
from services.routing.dal.report_pages import ReportPages
from services.routing.logic.casework import perform
from services.routing.logic.hotline import file_for_caller
from services.routing.logic.staff_photos import staff_photo
from services.routing.logic.staff_views import ListFilters, list_reports, staff_view
from services.routing.models.actions import PHOTO_KEY, Action
from services.routing.models.staff import ActionDone, Filed, FileReport, ReportPage, StaffReport
from shared.auth import caller as caller_of
from shared.bounds import AsciiInt, BoundedDateTime
from shared.directory import DirectoryRepository
from shared.models import Status
from shared.photo_bucket import PhotoBucket
from shared.photo_results import PhotoResults
from shared.principal import Principal

router = APIGatewayRouter()
reports = RememberingReports()
directory = DirectoryRepository()
pages = ReportPages(reports)
photo_checks = PhotoResults()
photo_files = PhotoBucket()
deadlines = deadline_policy()
ReportId = Annotated[str, Path(max_length=20)]


def caller() -> Principal:
    return caller_of(router.current_event)


def correlation_id() -> str:
    return router.current_event.request_context.request_id


@router.get("/v1/staff/reports", summary="Reports, filtered (agency staff: their agency's only)")
def get_reports(
    status: Annotated[Status | None, Query()] = None,
    agency_id: Annotated[str | None, Query(pattern=r"^[a-z0-9-]{1,60}$")] = None,
    category: Annotated[str | None, Query(pattern=r"^[a-z0-9_]{1,40}$")] = None,
    due_before: Annotated[BoundedDateTime | None, Query()] = None,
    overdue: Annotated[bool | None, Query()] = None,
    limit: Annotated[AsciiInt, Query(ge=1, le=100)] = 50,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> ReportPage:
    filters = ListFilters(
        status=status,
        agency_id=agency_id,
        category=category,
        due_before=due_before,
        overdue=overdue,
        limit=limit,
        cursor=cursor,
    )
    return list_reports(caller(), filters, pages)


@router.post("/v1/staff/reports", summary="File a report for a hotline caller (operators)")
def post_report(body: FileReport) -> Response[Filed]:
    report = file_for_caller(caller(), body, reports, directory, correlation_id())
    return Response(
        status_code=201,
        content_type=content_types.APPLICATION_JSON,
        body=Filed(id=report.id, status=report.status, version=report.version),
        headers={"Location": f"/v1/staff/reports/{report.id}"},
    )


@router.get("/v1/staff/reports/<id>", summary="A report as staff see it, with its history")
def get_report(id: ReportId) -> StaffReport:
    return staff_view(caller(), id, reports)


@router.get(
    "/v1/staff/reports/<id>/photos/<photo>",
    summary="A photo of a report or of its answer, before anything is published (the cleaned JPEG)",
    responses={200: {"description": "The image", "content": {"image/jpeg": {}}}},
)
def get_photo(
    id: ReportId,
    photo: Annotated[str, Path(pattern=PHOTO_KEY)],
    size: Annotated[Literal["full", "thumb"], Query()] = "full",
) -> Response[str]:
    data = staff_photo(caller(), id, photo, size == "thumb", reports, photo_checks, photo_files)
    # Encoded here, not handed over as bytes: Powertools' response validation would read bytes as UTF-8 text.
    image = Response(
        status_code=200,
        content_type="image/jpeg",
        body=base64.b64encode(data).decode("ascii"),
        headers={"Cache-Control": "private, max-age=300"},
    )
    image.base64_encoded = True
    return image


@router.post("/v1/staff/reports/<id>/actions", summary="Act on a report: one state transition")
def post_action(id: ReportId, action: Annotated[Action, Body()]) -> ActionDone:
    decision = perform(caller(), id, action, reports, directory, correlation_id(), deadlines, reports)
    done = decision.report
    return ActionDone(
        id=done.id,
        status=done.status,
        version=done.version,
        agency_id=done.agency_id,
        events=[e.type.value for e in decision.events],
    )
