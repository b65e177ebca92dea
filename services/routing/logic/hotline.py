"""An operator files a report for a hotline caller: stored as the public's would be, then routed the same way.

Not intake's submit (the staff API ships without the intake service); the routing worker takes the same
Report.Submitted event, so classification, area and duplicate hints apply alike.
"""

from __future__ import annotations

from datetime import UTC, datetime

from services.routing.logic.casework import SOURCE
from services.routing.models.staff import FileReport
from shared.errors import Forbidden, InvalidInput
from shared.models import Channel, Location, Report, Urgency
from shared.new_report import NewReport, file_new_report
from shared.ports import DirectoryReader, ReportStore
from shared.principal import Principal


def file_for_caller(
    principal: Principal,
    request: FileReport,
    reports: ReportStore,
    directory: DirectoryReader,
    correlation_id: str,
) -> Report:
    if not principal.is_operator:
        raise Forbidden(
            "Chỉ cán bộ trực tổng đài được nhập phản ánh.", "Only operators file hotline reports."
        )
    if request.category and directory.category(request.category) is None:
        raise InvalidInput("Không có lĩnh vực này.", "Unknown category.", fields={"category": "unknown"})
    draft = NewReport(
        channel=Channel.HOTLINE,
        description=request.description,
        category=request.category,
        category_source="operator" if request.category else None,
        urgency=request.urgency or Urgency.NORMAL,
        location=Location(**request.location.model_dump()),
        reporter=request.reporter,
    )
    return file_new_report(
        reports,
        draft,
        actor=principal.actor,
        source=SOURCE,
        correlation_id=correlation_id,
        now=datetime.now(UTC),
    )
