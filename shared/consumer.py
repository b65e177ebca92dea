"""The one way a worker consumes its queue: SQS batch → EventBridge event → one logic call per record.

Partial batch failures: a record that raises is reported back to SQS alone, so it is retried (and
dead-lettered after the queue's maxReceiveCount) without repeating or blocking the others
(`shared/sqs_batch.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from shared.events import BusMessage, ReportEvent
from shared.sqs_batch import handle_batch


def consume(
    event: dict[str, Any], context: LambdaContext, on_event: Callable[[ReportEvent], object]
) -> dict[str, Any]:
    return handle_batch(event, BusMessage, lambda message: on_event(message.detail))
