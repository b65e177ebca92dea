"""Puts a given-up webhook delivery on the dead letter queue (its id: the delivery item keeps the rest)."""

from __future__ import annotations

import json

from services.notify.models import WebhookDelivery
from shared.aws import client
from shared.config import get_settings


def send_dead_letter(delivery: WebhookDelivery) -> None:
    client("sqs").send_message(
        QueueUrl=get_settings().webhook_dead_letters_queue_url,
        MessageBody=json.dumps({"delivery_id": delivery.id, "agency_id": delivery.agency_id}),
    )
