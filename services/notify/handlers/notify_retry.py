"""notify-retry, on a schedule: attempts the webhook deliveries that are due (read from a sparse index)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.utilities.typing import LambdaContext

from services.notify.dead_letter_queue import send_dead_letter
from services.notify.logic.retry import retry_due
from services.notify.webhooks.endpoints import Endpoints
from services.notify.webhooks.store import WebhookDeliveries

logger = Logger(service="notify")
tracer = Tracer(service="notify")
STOP_WITH_MS_LEFT = 30_000  # leave before the timeout rather than during an attempt


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, int]:
    outcomes: Counter[str] = retry_due(
        WebhookDeliveries(),
        Endpoints(),
        send_dead_letter,
        keep_going=lambda: context.get_remaining_time_in_millis() > STOP_WITH_MS_LEFT,
    )
    if outcomes:
        logger.info("webhook retries", extra=dict(outcomes))
    return dict(outcomes)
