"""Wake-ups for webhook retries due within SQS's longest delay: one message per delivery, delayed until
its retry is due, on the `webhook-retries` queue (notify-retry-soon consumes it)."""

from __future__ import annotations

import json
import logging
import math
from datetime import datetime

from botocore.exceptions import BotoCoreError, ClientError

from shared.aws import client
from shared.config import get_settings

LONGEST_DELAY_S = 900  # SQS's maximum DelaySeconds; later retries wait for notify-retry's schedule
logger = logging.getLogger(__name__)


class RetryWakeUpQueue:
    def __init__(self, queue_url: str | None = None) -> None:
        self.queue_url = queue_url

    def wake_at(self, delivery_id: str, due_at: datetime, now: datetime) -> None:
        delay = max(0, math.ceil((due_at - now).total_seconds()))
        url = self.queue_url or get_settings().webhook_retries_queue_url
        if delay > LONGEST_DELAY_S or not url:
            return
        try:
            client("sqs").send_message(
                QueueUrl=url, MessageBody=json.dumps({"delivery_id": delivery_id}), DelaySeconds=delay
            )
        except (BotoCoreError, ClientError) as error:
            # Nothing is lost: the delivery stays due in the retry index, and notify-retry takes it.
            logger.warning("webhook retry wake-up not sent (%s): notify-retry will take it", error)
