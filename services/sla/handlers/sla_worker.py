"""sla-worker: report events from its queue → the report's deadline clocks."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.utilities.typing import LambdaContext

from services.sla.dal.settings_source import sla_settings
from services.sla.logic.clock_events import apply_clock_event
from shared.cold_init import init_done
from shared.consumer import consume
from shared.directory import DirectoryRepository
from shared.events import ReportEvent
from shared.repository import ReportRepository
from shared.sla_policy import policy_from
from shared.tracing import TRACED_MODULES
from shared.working_time import load_holiday_calendar

logger = Logger(service="sla")
tracer = Tracer(service="sla", patch_modules=TRACED_MODULES)
reports = ReportRepository()
directory = DirectoryRepository()
rules = policy_from(sla_settings())
load_holiday_calendar()  # a clock event is measured in working time


def on_event(event: ReportEvent) -> None:
    updated = apply_clock_event(event, reports, directory, rules)
    logger.info(
        "clocks updated" if updated else "clocks unchanged (repeat, stale or not a clock event)",
        extra={"report_id": event.report_id, "event_type": event.type.value},
    )


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return consume(event, context, on_event)


init_done()  # last: the import is done, collection resumes (shared/cold_init.py)
