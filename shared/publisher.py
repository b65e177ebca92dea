"""Puts events on the bus, and fails loudly when EventBridge refuses any of them."""

from __future__ import annotations

from collections.abc import Sequence

from aws_lambda_powertools import Logger

from shared.aws import client
from shared.config import get_settings
from shared.errors import PublishError
from shared.events import ReportEvent

logger = Logger(child=True)

MAX_ENTRIES_PER_CALL = 10  # PutEvents limit


def publish(events: Sequence[ReportEvent]) -> None:
    bus = get_settings().event_bus_name
    for start in range(0, len(events), MAX_ENTRIES_PER_CALL):
        chunk = events[start : start + MAX_ENTRIES_PER_CALL]
        response = client("events").put_events(
            Entries=[
                {
                    "EventBusName": bus,
                    "Source": event.source,
                    "DetailType": event.type.value,
                    "Detail": event.model_dump_json(),
                    "Time": event.occurred_at,
                }
                for event in chunk
            ]
        )
        failed = [
            (event.event_id, entry.get("ErrorCode"))
            for event, entry in zip(chunk, response["Entries"], strict=True)
            if entry.get("ErrorCode")
        ]
        if response.get("FailedEntryCount") or failed:
            raise PublishError(f"EventBridge refused {len(failed)} of {len(chunk)} events: {failed}")
        for event in chunk:
            logger.info(
                "event published",
                extra={
                    "event_type": event.type.value,
                    "event_id": event.event_id,
                    "report_id": event.report_id,
                },
            )
