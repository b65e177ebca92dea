"""SLA worker: report events from its queue → the report's deadline clocks."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.utilities.typing import LambdaContext

from services.sla.logic.clock_events import apply_clock_event
from shared.consumer import consume
from shared.directory import DirectoryRepository
from shared.events import ReportEvent
from shared.repository import ReportRepository

logger = Logger(service="sla")
tracer = Tracer(service="sla")
reports = ReportRepository()
directory = DirectoryRepository()


def on_event(event: ReportEvent) -> None:
    apply_clock_event(event, reports, directory)


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return consume(event, context, on_event)
