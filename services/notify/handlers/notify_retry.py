"""notify-retry, on a schedule: attempts the webhook deliveries that are due (read from a sparse index)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.utilities.typing import LambdaContext

from services.notify.dal.environment import notify_settings
from services.notify.handlers.webhook_wiring import webhook_channel
from services.notify.logic.webhook_attempt import retry_due
from shared.cold_init import init_done
from shared.tracing import TRACED_MODULES

logger = Logger(service="notify")
tracer = Tracer(service="notify", patch_modules=TRACED_MODULES)
webhooks = webhook_channel()
STOP_WITH_MS_LEFT = 30_000  # leave before the timeout rather than during an attempt


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, int]:
    outcomes = retry_due(
        webhooks,
        notify_settings(),
        keep_going=lambda: context.get_remaining_time_in_millis() > STOP_WITH_MS_LEFT,
    )
    if outcomes:
        logger.info("webhook retries", extra=dict(outcomes))
    return dict(outcomes)


init_done()  # last: the import is done, collection resumes (shared/cold_init.py)
