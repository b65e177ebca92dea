"""Exactly one effect per (event, recipient, channel), however often SQS delivers the message.

Keyed on the event id + recipient + channel (not the SQS message id, which changes on redelivery), with
Powertools idempotency over DynamoDB. The remaining window: a crash after SES/SNS accepted the message but
before the idempotency record is saved repeats that one message on retry; the record is written right
after the send. (Webhooks use their own delivery item instead: see services/notify/webhooks/store.py.)
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from pydantic import BaseModel

from shared.aws import client
from shared.config import get_settings

config = IdempotencyConfig(
    event_key_jmespath="[event_id, recipient, channel]", expires_after_seconds=7 * 24 * 3600
)


class Delivery(BaseModel):
    event_id: str
    report_id: str
    recipient: str
    channel: str
    subject: str = ""
    text: str
    html: str = ""
    # issue 7: what the delivery log says about it
    event_type: str = ""
    audience: str = "agency"
    agency_id: str | None = None


@cache
def _persistence() -> DynamoDBPersistenceLayer:
    # Built on first use, not at import: the table name and endpoint come from the environment.
    return DynamoDBPersistenceLayer(
        table_name=get_settings().idempotency_table, boto3_client=client("dynamodb")
    )


def once(send: Callable[[Delivery], dict[str, Any]]) -> Callable[[Delivery], dict[str, Any]]:
    def call(delivery: Delivery) -> dict[str, Any]:
        guarded = idempotent_function(
            data_keyword_argument="delivery",
            persistence_store=_persistence(),
            config=config,
            output_serializer=None,
        )(_named(send))
        return guarded(delivery=delivery)

    return call


def _named(send: Callable[[Delivery], dict[str, Any]]) -> Callable[..., dict[str, Any]]:
    # Powertools keys records by the function's qualified name; keep it stable per channel.
    def deliver(delivery: Delivery) -> dict[str, Any]:
        return send(delivery)

    deliver.__qualname__ = deliver.__name__ = f"deliver_{send.__name__}"
    return deliver


def reset() -> None:
    _persistence.cache_clear()
