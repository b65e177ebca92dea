"""notify-retry-soon: a webhook delivery whose short retry delay is over (a `webhook-retries` message) is
attempted now, not at notify-retry's next scheduled minute."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.parser.models import SqsRecordModel
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel, Json

from services.notify.dal.dead_letter_queue import send_dead_letter
from services.notify.dal.delivery_log_table import DeliveriesTable
from services.notify.dal.environment import notify_settings
from services.notify.dal.retry_wake_up_queue import RetryWakeUpQueue
from services.notify.dal.webhook_deliveries_table import WebhookDeliveries
from services.notify.dal.webhook_endpoints_table import Endpoints
from services.notify.dal.webhook_http import PinnedHttp
from services.notify.logic.webhook_attempt import WebhookChannel, attempt_if_due

logger = Logger(service="notify")
tracer = Tracer(service="notify")
webhooks = WebhookChannel(
    endpoints=Endpoints(),
    store=WebhookDeliveries(),
    http=PinnedHttp(),
    log=DeliveriesTable(),
    give_up=send_dead_letter,
    wake_up=RetryWakeUpQueue(),
)


class WakeUp(BaseModel):
    delivery_id: str


class WakeUpRecord(SqsRecordModel):
    body: Json[WakeUp]


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    settings = notify_settings()
    processor = BatchProcessor(event_type=EventType.SQS, model=WakeUpRecord)

    def record_handler(record: WakeUpRecord) -> None:
        outcome = attempt_if_due(record.body.delivery_id, webhooks, settings)
        logger.info("webhook retry", extra={"delivery_id": record.body.delivery_id, "outcome": outcome})

    return process_partial_response(  # type: ignore[return-value]
        event=event, record_handler=record_handler, processor=processor, context=context
    )
