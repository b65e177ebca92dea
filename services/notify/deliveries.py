"""The delivery log: one item per (event, channel, recipient) effect, with its outcome."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from shared.aws import table
from shared.config import get_settings

KEEP_DAYS = 90


def record_delivery(
    event_id: str, report_id: str, channel: str, recipient: str, outcome: str, ref: str
) -> None:
    now = datetime.now(UTC)
    table(get_settings().deliveries_table).put_item(
        Item={
            "pk": f"REPORT#{report_id}",
            "sk": f"{now.isoformat()}#{channel}#{event_id}",
            "event_id": event_id,
            "channel": channel,
            "recipient": recipient,
            "outcome": outcome,
            "ref": ref,
            "at": now.isoformat(),
            "expires_at": int((now + timedelta(days=KEEP_DAYS)).timestamp()),
        }
    )
