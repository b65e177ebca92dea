"""The report outbox's stream records as the bus's events: EventBridge Pipes' enrichment step.

A change to a report and its events are one transaction (shared/repository.py); each event is one timeline
item whose `event` attribute holds the event's JSON exactly as it is the `detail` consumers receive. The
pipe (infra/topology.py, REPORT_OUTBOX) passes only those items' stream records here; this answers, for each
record, that detail as an object, and the pipe reads the event's source, detail-type and time from it
(`$.source`, `$.type`, `$.occurred_at`). A pipe input template cannot do this: it can place the stored
string, not parse it back into the object the detail must be.

Pure on purpose: no AWS call and nothing beyond the standard library, so the Lambda starts in milliseconds
and the local run's pipe (infra/local/outbox_pipe.py) runs the very same function.
"""

from __future__ import annotations

import json
from typing import Any

Record = dict[str, Any]


def details(records: list[Record]) -> list[dict[str, Any]]:
    """One event detail per stream record, in the records' order. Only the one string attribute is
    read, so no DynamoDB deserializer is needed: `{"S": "<the event's JSON>"}`."""
    return [json.loads(record["dynamodb"]["NewImage"]["event"]["S"]) for record in records]


def handler(event: list[Record] | Record, _context: Any) -> list[dict[str, Any]]:
    """Pipes hands an enrichment the batch as a JSON array (a single record is accepted too)."""
    return details(event if isinstance(event, list) else [event])
