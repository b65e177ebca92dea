"""notify-dead-letters: a webhook delivery was given up → the agency and the operators get an email.

The message only names the delivery; the delivery item holds the rest. Each email is sent once per
(delivery, recipient) however often the message comes (Powertools idempotency, as for every email).
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.parser.models import SqsRecordModel
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel, Json

from services.notify.logic.dead_letter import tell_about_dead_letter
from services.notify.logic.once import config as idempotency_config
from services.notify.webhooks.store import WebhookDeliveries
from shared.directory import DirectoryRepository

logger = Logger(service="notify")
tracer = Tracer(service="notify")
directory = DirectoryRepository()


class DeadLetter(BaseModel):
    delivery_id: str


class DeadLetterRecord(SqsRecordModel):
    body: Json[DeadLetter]


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    idempotency_config.register_lambda_context(context)
    store = WebhookDeliveries()
    processor = BatchProcessor(event_type=EventType.SQS, model=DeadLetterRecord)

    def record_handler(record: DeadLetterRecord) -> None:
        tell_about_dead_letter(record.body.delivery_id, store, directory)

    return process_partial_response(  # type: ignore[return-value]
        event=event, record_handler=record_handler, processor=processor, context=context
    )
