"""The chat webhooks' decisions: is the call the platform's, and which messages go to the conversation
worker. Answered at once; the conversation runs later (chat-worker), as the platforms want a quick 200."""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from services.intake.logic.chat_message import ChatMessage, from_messenger, from_zalo
from services.intake.logic.chat_signatures import messenger_valid, zalo_fresh, zalo_valid
from shared.errors import Forbidden, InvalidInput, Unauthorized


class ChatInbox(Protocol):
    def put(self, messages: list[ChatMessage]) -> None:
        """Hands the messages to the conversation worker (the bus); raises when it cannot."""
        ...


@dataclass(frozen=True)
class ZaloKeys:
    app_id: str
    oa_secret: str


@dataclass(frozen=True)
class MessengerKeys:
    app_secret: str
    verify_token: str


def _unsigned() -> Unauthorized:
    return Unauthorized(
        "Chữ ký không hợp lệ, thiếu hoặc đã hết hạn.", "The signature is wrong, missing or too old."
    )


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        value = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        value = None
    if not isinstance(value, dict):
        raise InvalidInput("Dữ liệu không phải JSON hợp lệ.", "The body is not a JSON object.", fields={})
    return value


def receive_zalo(body: bytes, signature: str | None, keys: ZaloKeys, now: datetime, inbox: ChatInbox) -> int:
    """How many messages went to the worker (0: an event the conversation ignores). Raises Unauthorized
    unless the event is signed with our OA secret, for our app, within five minutes of now."""
    event = _json_object(body)
    app_id, timestamp = event.get("app_id"), event.get("timestamp")
    if not isinstance(app_id, str) or not isinstance(timestamp, str | int):
        raise _unsigned()
    timestamp = str(timestamp)
    if not (
        app_id == keys.app_id
        and zalo_fresh(timestamp, now)
        and zalo_valid(signature, app_id, body, timestamp, keys.oa_secret)
    ):
        raise _unsigned()
    message = from_zalo(event)
    if message is None:
        return 0
    inbox.put([message])
    return 1


def receive_messenger(body: bytes, signature: str | None, keys: MessengerKeys, inbox: ChatInbox) -> int:
    """How many messages went to the worker. Raises Unauthorized unless signed with our app secret."""
    if not messenger_valid(signature, body, keys.app_secret):
        raise _unsigned()
    messages = from_messenger(_json_object(body))
    if messages:
        inbox.put(messages)
    return len(messages)


def messenger_handshake(
    mode: str | None, token: str | None, challenge: str | None, keys: MessengerKeys
) -> str:
    """The challenge, when Meta subscribes the page with our verify token."""
    if mode != "subscribe" or not token or not keys.verify_token or challenge is None:
        raise Forbidden("Xác minh không thành công.", "Verification failed.")
    if not _same(token, keys.verify_token):
        raise Forbidden("Xác minh không thành công.", "Verification failed.")
    return challenge


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())
