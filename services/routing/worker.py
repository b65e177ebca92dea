"""Routing worker: Report.Submitted from its queue → route_report."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.utilities.typing import LambdaContext

from services.routing.logic.assign import route_report
from shared.consumer import consume
from shared.directory import DirectoryRepository
from shared.events import ReportEvent
from shared.repository import ReportRepository

logger = Logger(service="routing")
tracer = Tracer(service="routing")
reports = ReportRepository()
directory = DirectoryRepository()


def on_event(event: ReportEvent) -> None:
    route_report(event, reports, directory)


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return consume(event, context, on_event)
