"""The delivery log: one item per attempt (email, SMS, webhook) with its outcome, readable through the API.

    pk = REPORT#<report id>   sk = <at>#<channel>#<event id>#<n>     the report's log
    agency_key = AGENCY#<id>, at     index `agency_log`: the entries about an agency

Reporters' addresses are masked before they are written: the log is shown to agencies and operators.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from boto3.dynamodb.conditions import Key
from pydantic import BaseModel, Field

from shared.aws import table
from shared.config import get_settings

KEEP_DAYS = 90
Audience = Literal["agency", "reporter", "operators", "leaders"]
Channel = Literal["email", "sms", "webhook"]


class LogEntry(BaseModel):
    report_id: str
    event_id: str
    event_type: str
    channel: Channel
    audience: Audience
    recipient: str  # masked for reporters
    outcome: str  # sent, delivered, retrying, failed, disabled, refused
    at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    agency_id: str | None = None
    attempt: int = 1
    status_code: int | None = None
    latency_ms: int | None = None
    error: str | None = None
    ref: str | None = None  # SES/SNS message id, or the webhook-id
    next_attempt_at: datetime | None = None


def mask(recipient: str) -> str:
    """n***@gmail.com, +84*******78: enough to recognise, not to contact."""
    if "@" in recipient:
        local, _, domain = recipient.partition("@")
        return f"{local[:1]}***@{domain}"
    return recipient[:3] + "*" * max(len(recipient) - 5, 0) + recipient[-2:]


def record(entry: LogEntry) -> None:
    at = entry.at.isoformat(timespec="milliseconds")
    item: dict[str, Any] = {
        **entry.model_dump(mode="json", exclude_none=True),
        "pk": f"REPORT#{entry.report_id}",
        "sk": f"{at}#{entry.channel}#{entry.event_id}#{secrets.token_hex(3)}",
        "at": at,
        "expires_at": int((entry.at + timedelta(days=KEEP_DAYS)).timestamp()),
    }
    if entry.agency_id and entry.audience == "agency":
        item["agency_key"] = f"AGENCY#{entry.agency_id}"
    table(get_settings().deliveries_table).put_item(Item=item)


def _entries(items: list[dict[str, Any]]) -> list[LogEntry]:
    return [LogEntry.model_validate(item) for item in items]


def for_report(report_id: str, limit: int = 100) -> list[LogEntry]:
    response = table(get_settings().deliveries_table).query(
        KeyConditionExpression=Key("pk").eq(f"REPORT#{report_id}"), ScanIndexForward=False, Limit=limit
    )
    return _entries(response["Items"])


def for_agency(agency_id: str, limit: int = 100) -> list[LogEntry]:
    response = table(get_settings().deliveries_table).query(
        IndexName="agency_log",
        KeyConditionExpression=Key("agency_key").eq(f"AGENCY#{agency_id}"),
        ScanIndexForward=False,
        Limit=limit,
    )
    return _entries(response["Items"])
