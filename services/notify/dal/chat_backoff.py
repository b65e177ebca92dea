"""Holds back the SQS records of events whose chat message was refused (logic/chat_retry.py): their
visibility is extended, so the event source redelivers them later rather than at once. The other failed
records keep the queue's own visibility timeout."""

from __future__ import annotations

import contextlib
import json
from functools import cache
from typing import Any

from botocore.exceptions import ClientError

from services.notify.logic.chat_retry import chat_retry_delay
from shared.aws import client


@cache
def _queue_url(queue_arn: str) -> str:
    _, _, _, _, account, name = queue_arn.split(":", 5)
    return str(client("sqs").get_queue_url(QueueName=name, QueueOwnerAWSAccountId=account)["QueueUrl"])


def _event_id(record: dict[str, Any]) -> str | None:
    try:
        return str(json.loads(record["body"])["detail"]["event_id"])
    except (KeyError, TypeError, ValueError):
        return None


def hold_back(event: dict[str, Any], refused: set[str]) -> None:
    for record in event.get("Records", []):
        if not refused or _event_id(record) not in refused:
            continue
        count = int(record.get("attributes", {}).get("ApproximateReceiveCount", "1"))
        # On a refusal the queue's own visibility timeout decides when the record comes back.
        with contextlib.suppress(ClientError):
            client("sqs").change_message_visibility(
                QueueUrl=_queue_url(record["eventSourceARN"]),
                ReceiptHandle=record["receiptHandle"],
                VisibilityTimeout=chat_retry_delay(count),
            )
