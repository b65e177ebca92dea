"""When a chat account last wrote to us (the `chats` table's `last_inbound_at`): Messenger lets a page
answer freely only within 24 hours of it. No item means longer ago (items expire 24 hours after it)."""

from __future__ import annotations

from datetime import datetime

from shared.aws import table
from shared.config import get_settings
from shared.models import ChatContact


def last_inbound_at(contact: ChatContact) -> datetime | None:
    item = (
        table(get_settings().chats_table)
        .get_item(Key={"id": f"{contact.platform}#{contact.user_id}"}, ProjectionExpression="last_inbound_at")
        .get("Item")
    )
    if not item or not item.get("last_inbound_at"):
        return None
    try:
        return datetime.fromisoformat(str(item["last_inbound_at"]))
    except ValueError:
        return None
