"""The one way a worker consumes its queue: SQS batch → EventBridge event → one logic call per record.

Partial batch failures: a record that raises is reported back to SQS alone, so it is retried (and
dead-lettered after the queue's maxReceiveCount) without repeating or blocking the others.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.parser.models import SqsRecordModel
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import Json

from shared.events import BusMessage, ReportEvent


class BusRecord(SqsRecordModel):
    body: Json[BusMessage]


def consume(
    event: dict[str, Any], context: LambdaContext, on_event: Callable[[ReportEvent], object]
) -> dict[str, Any]:
    processor = BatchProcessor(event_type=EventType.SQS, model=BusRecord)

    def record_handler(record: BusRecord) -> None:
        on_event(record.body.detail)

    return process_partial_response(  # type: ignore[return-value]
        event=event, record_handler=record_handler, processor=processor, context=context
    )
