"""sla-stats: every Report.* and Sla.* event from its queue → the statistics projection."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.utilities.typing import LambdaContext

from services.sla.dal.settings_source import sla_settings
from services.sla.dal.stats_table import StatsRepository
from services.sla.logic.projection import Projected, project
from shared.cold_init import init_done
from shared.consumer import consume
from shared.events import ReportEvent
from shared.sla_policy import policy_from
from shared.tracing import TRACED_MODULES
from shared.working_time import load_holiday_calendar

logger = Logger(service="sla")
tracer = Tracer(service="sla", patch_modules=TRACED_MODULES)
stats = StatsRepository()
calendar = policy_from(sla_settings()).calendar
load_holiday_calendar()  # an answered report counts its time to answer in working hours


def on_event(event: ReportEvent) -> None:
    outcome = project(event, stats, calendar)
    if outcome is not Projected.COUNTED:
        logger.info("nothing counted", extra={"report_id": event.report_id, "outcome": outcome.value})


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return consume(event, context, on_event)


init_done()  # last: the import is done, collection resumes (shared/cold_init.py)
