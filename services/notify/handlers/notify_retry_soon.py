"""notify-retry-soon: a webhook delivery whose short retry delay is over (a `webhook-retries` message) is
attempted now, not at notify-retry's next scheduled minute."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel

from services.notify.dal.environment import notify_settings
from services.notify.handlers.webhook_wiring import webhook_channel
from services.notify.logic.webhook_attempt import attempt_if_due
from shared.cold_init import init_done
from shared.sqs_batch import handle_batch
from shared.tracing import TRACED_MODULES

logger = Logger(service="notify")
tracer = Tracer(service="notify", patch_modules=TRACED_MODULES)
webhooks = webhook_channel()


class WakeUp(BaseModel):
    delivery_id: str


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    settings = notify_settings()

    def wake_up(message: WakeUp) -> None:
        outcome = attempt_if_due(message.delivery_id, webhooks, settings)
        logger.info("webhook retry", extra={"delivery_id": message.delivery_id, "outcome": outcome})

    return handle_batch(event, WakeUp, wake_up)


init_done()  # last: the import is done, collection resumes (shared/cold_init.py)
