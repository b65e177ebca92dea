"""Notify worker: Report.Assigned from its queue → the agency's email."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.utilities.typing import LambdaContext

from services.notify.logic.assigned import notify_agency_assigned
from services.notify.logic.once import config as idempotency_config
from shared.consumer import consume
from shared.directory import DirectoryRepository
from shared.events import EventType, ReportEvent
from shared.repository import ReportRepository

logger = Logger(service="notify")
tracer = Tracer(service="notify")
reports = ReportRepository()
directory = DirectoryRepository()


def on_event(event: ReportEvent) -> None:
    if event.type is EventType.ASSIGNED:
        notify_agency_assigned(event, reports, directory)


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    idempotency_config.register_lambda_context(context)
    return consume(event, context, on_event)
