"""Notify worker: events from its queue → emails, SMS and webhooks for whoever must know."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.utilities.typing import LambdaContext

from services.notify.dead_letter_queue import send_dead_letter
from services.notify.logic.announce import Notifier, announce
from services.notify.logic.once import config as idempotency_config
from services.notify.webhooks.endpoints import Endpoints
from services.notify.webhooks.store import WebhookDeliveries
from shared.consumer import consume
from shared.directory import DirectoryRepository
from shared.events import ReportEvent
from shared.repository import ReportRepository

logger = Logger(service="notify")
tracer = Tracer(service="notify")
directory = DirectoryRepository()
# A first webhook attempt runs inline only while this much time is left; later ones go to notify-retry.
INLINE_ATTEMPT_MIN_MS = 20_000


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    idempotency_config.register_lambda_context(context)
    notifier = Notifier(
        reports=ReportRepository(),
        directory=directory,
        endpoints=Endpoints(),
        webhooks=WebhookDeliveries(),
        give_up=send_dead_letter,
        attempt_now=lambda: context.get_remaining_time_in_millis() > INLINE_ATTEMPT_MIN_MS,
    )

    def on_event(report_event: ReportEvent) -> None:
        announce(report_event, notifier)

    return consume(event, context, on_event)
