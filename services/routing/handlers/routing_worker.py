"""Routing worker: Report.Submitted from its queue → the report assigned to an agency or sent to triage."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.utilities.typing import LambdaContext

from services.routing.dal.area_lookup import AreaLookup
from services.routing.dal.deadline_settings import deadline_policy
from services.routing.dal.nearby_index import NearbyIndex
from services.routing.logic.auto_routing import Router, route_report
from shared.cold_init import init_done
from shared.consumer import consume
from shared.directory import DirectoryRepository
from shared.events import ReportEvent
from shared.repository import ReportRepository
from shared.tracing import TRACED_MODULES
from shared.working_time import load_holiday_calendar

logger = Logger(service="routing")
tracer = Tracer(service="routing", patch_modules=TRACED_MODULES)
reports = ReportRepository()
directory = DirectoryRepository()
areas = AreaLookup(directory)
nearby = NearbyIndex(reports)
deadlines = deadline_policy()
load_holiday_calendar()  # most reports submitted are assigned here, with deadlines in working time


def on_event(event: ReportEvent) -> None:
    routed = route_report(event, Router(reports, directory, areas, nearby.for_one_event(), deadlines))
    if routed.skipped:
        logger.info(routed.skipped, extra={"report_id": event.report_id})


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return consume(event, context, on_event)


init_done()  # last: the import is done, collection resumes (shared/cold_init.py)
