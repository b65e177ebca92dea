"""Messenger Send API: `POST {base}/v21.0/me/messages` with the page token. Inside 24 hours of the person's
last message a reply is a RESPONSE; after that only an ACCOUNT_UPDATE (a change to their report) may go."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from shared.chat_secrets import chat_secret, forget
from shared.chat_send.post_json import post_json
from shared.chat_send.refused import ChatRefused
from shared.config import get_settings

MAX_TEXT = 2000
WINDOW = timedelta(hours=24)
GRAPH_VERSION = "v21.0"


def messaging_type(last_inbound_at: datetime | None, now: datetime) -> dict[str, Any]:
    if last_inbound_at is not None and now - last_inbound_at < WINDOW:
        return {"messaging_type": "RESPONSE"}
    return {"messaging_type": "MESSAGE_TAG", "tag": "ACCOUNT_UPDATE"}


def send_messenger(psid: str, text: str, last_inbound_at: datetime | None, now: datetime) -> str:
    """Sends the text to the page-scoped id; the platform's message id. ChatRefused on any error."""
    settings = get_settings()
    token = chat_secret("messenger").get("page_token", "")
    status, answer = post_json(
        f"{settings.messenger_api_base.rstrip('/')}/{GRAPH_VERSION}/me/messages?access_token={token}",
        {
            "recipient": {"id": psid},
            **messaging_type(last_inbound_at, now),
            "message": {"text": text[:MAX_TEXT]},
        },
        {},
        settings.chat_send_timeout_s,
    )
    if status != 200 or "error" in answer:
        if status in (401, 403):
            forget()
        raise ChatRefused(f"messenger: HTTP {status}")
    return str(answer.get("message_id", ""))
