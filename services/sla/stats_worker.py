"""Statistics worker: every Report.* and Sla.* event from its queue → the stats projection."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.utilities.typing import LambdaContext

from services.sla.logic.projection import project
from shared.consumer import consume
from shared.events import ReportEvent
from shared.repository import ReportRepository
from shared.stats import StatsRepository

logger = Logger(service="sla")
tracer = Tracer(service="sla")
reports = ReportRepository()
stats = StatsRepository()


def on_event(event: ReportEvent) -> None:
    project(event, reports, stats)


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return consume(event, context, on_event)
