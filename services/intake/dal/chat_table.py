"""Chat conversations (the `chats` table): one item per chat account, `id` = "<platform>#<user id>", gone
24 hours after the person's last message (TTL). Saved conditionally on `version`, so two messages of the
same person taken at once cannot overwrite each other's step: the loser is retried from the new state.

`last_inbound_at` is a top-level attribute: notify reads it (shared/chat_window.py) to know whether a
Messenger reply is still inside the 24-hour window."""

from __future__ import annotations

from datetime import datetime, timedelta

from botocore.exceptions import ClientError

from services.intake.logic.chat_machine import ChatState
from shared.aws import table
from shared.config import get_settings
from shared.errors import Conflict

KEEP = timedelta(hours=24)


def chat_id(platform: str, user_id: str) -> str:
    return f"{platform}#{user_id}"


class ChatConversations:
    def __init__(self, table_name: str | None = None) -> None:
        self.table_name = table_name or get_settings().chats_table

    def load(self, platform: str, user_id: str) -> ChatState | None:
        item = table(self.table_name).get_item(Key={"id": chat_id(platform, user_id)}, ConsistentRead=True)
        found = item.get("Item")
        return ChatState.model_validate_json(str(found["state"])) if found else None

    def save(self, state: ChatState, now: datetime) -> None:
        stored = state.model_copy(update={"version": state.version + 1})
        last = state.last_inbound_at or now
        try:
            table(self.table_name).put_item(
                Item={
                    "id": chat_id(state.platform, state.user_id),
                    "state": stored.model_dump_json(),
                    "version": stored.version,
                    "last_inbound_at": last.isoformat(),
                    "expires_at": int((last + KEEP).timestamp()),
                },
                ConditionExpression="attribute_not_exists(id) OR version = :seen",
                ExpressionAttributeValues={":seen": state.version},
            )
        except ClientError as error:
            if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
                raise Conflict(
                    "Cuộc trò chuyện vừa thay đổi.", "The conversation changed meanwhile."
                ) from None
            raise
