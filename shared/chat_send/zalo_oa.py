"""Zalo OA messages with the OA access token. Within 48 hours of the person's last message a reply is a
customer-service message (`POST {base}/v3.0/oa/message/cs`, plain text); after that Zalo refuses those, and
a change to their report goes as a transaction message (`POST {base}/v3.0/oa/message/transaction`, a
template of a header and a text: the message's first line and the rest), like Messenger's ACCOUNT_UPDATE.
docs/chat-channels.md says what Zalo documents and what is assumed."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from shared.chat_secrets import chat_secret, forget
from shared.chat_send.post_json import post_json
from shared.chat_send.refused import ChatRefused
from shared.config import get_settings

MAX_TEXT = 2000
MAX_HEADER = 100
MAX_TRANSACTION_TEXT = 1000
WINDOW = timedelta(hours=48)
TRANSACTION_TEMPLATE = "transaction_order"
SERVICE_NAME = "Phản ánh hiện trường"


def zalo_message(
    user_id: str, text: str, last_inbound_at: datetime | None, now: datetime
) -> tuple[str, dict[str, Any]]:
    """The send path and body: a customer-service text inside the window, else a transaction message."""
    recipient = {"user_id": user_id}
    if last_inbound_at is not None and now - last_inbound_at < WINDOW:
        return "cs", {"recipient": recipient, "message": {"text": text[:MAX_TEXT]}}
    header, _, rest = text.partition("\n")
    if not rest:  # one line (forwarded, re-opened): the service's name above it, the line not repeated
        header, rest = SERVICE_NAME, text
    elements: list[dict[str, Any]] = [
        {"type": "header", "content": header[:MAX_HEADER], "align": "left"},
        {"type": "text", "content": _shortened(rest), "align": "left"},
    ]
    payload = {"template_type": TRANSACTION_TEMPLATE, "language": "VI", "elements": elements}
    return "transaction", {
        "recipient": recipient,
        "message": {"attachment": {"type": "template", "payload": payload}},
    }


def _shortened(text: str) -> str:
    """At most MAX_TRANSACTION_TEXT characters, keeping the last line (the report's link) whole."""
    if len(text) <= MAX_TRANSACTION_TEXT:
        return text
    body, _, last = text.rpartition("\n")
    if not body or len(last) > MAX_TRANSACTION_TEXT // 2:
        return text[: MAX_TRANSACTION_TEXT - 1] + "…"
    return body[: MAX_TRANSACTION_TEXT - len(last) - 2] + "…\n" + last


def send_zalo(user_id: str, text: str, last_inbound_at: datetime | None, now: datetime) -> str:
    """Sends the text to the OA follower; the platform's message id. ChatRefused on any error."""
    settings = get_settings()
    token = chat_secret("zalo").get("access_token", "")
    kind, body = zalo_message(user_id, text, last_inbound_at, now)
    status, answer = post_json(
        f"{settings.zalo_api_base.rstrip('/')}/v3.0/oa/message/{kind}",
        body,
        {"access_token": token},
        settings.chat_send_timeout_s,
    )
    if status != 200 or answer.get("error") != 0:
        forget()  # a refreshed access token is read again from the secret on the next try
        raise ChatRefused(f"zalo {kind}: HTTP {status}, error {answer.get('error')!s:.20}")
    data = answer.get("data")
    return str(data.get("message_id", "")) if isinstance(data, dict) else ""
