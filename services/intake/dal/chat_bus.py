"""Puts verified chat messages on the bus as `Chat.Message` events (the chat-messages-to-chat rule sends
them to the chat worker's queue). A refusal raises: the webhook then answers 5xx and the platform retries."""

from __future__ import annotations

from services.intake.logic.chat_message import ChatMessage
from shared.aws import client
from shared.config import get_settings
from shared.errors import PublishError

SOURCE = "phananh.intake.chat"
DETAIL_TYPE = "Chat.Message"
MAX_ENTRIES_PER_CALL = 10


class ChatBus:
    def put(self, messages: list[ChatMessage]) -> None:
        bus = get_settings().event_bus_name
        for start in range(0, len(messages), MAX_ENTRIES_PER_CALL):
            chunk = messages[start : start + MAX_ENTRIES_PER_CALL]
            response = client("events").put_events(
                Entries=[
                    {
                        "EventBusName": bus,
                        "Source": SOURCE,
                        "DetailType": DETAIL_TYPE,
                        "Detail": m.model_dump_json(),
                    }
                    for m in chunk
                ]
            )
            if response.get("FailedEntryCount"):
                raise PublishError(f"EventBridge refused {response['FailedEntryCount']} chat messages")
