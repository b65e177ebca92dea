"""One way to send a text to a chat contact, whichever platform it is on (the chat worker's replies and
notify's later messages both use it)."""

from __future__ import annotations

from datetime import UTC, datetime

from shared.chat_send.messenger_send import send_messenger
from shared.chat_send.zalo_oa import send_zalo
from shared.models import ChatContact


class ChatSender:
    def send(self, contact: ChatContact, text: str, last_inbound_at: datetime | None) -> str:
        if contact.platform == "zalo":
            return send_zalo(contact.user_id, text)
        return send_messenger(contact.user_id, text, last_inbound_at, datetime.now(UTC))
