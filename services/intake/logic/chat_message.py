"""One chat message, whatever the platform: what the webhooks put on the bus and the worker consumes.

The webhooks normalise each platform's event into a `ChatMessage`; nothing after them knows Zalo's or
Messenger's shapes. Every field is bounded, so a verified but odd event cannot grow the conversation.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

Platform = Literal["zalo", "messenger"]
MAX_TEXT = 2000  # Zalo's and Messenger's own limit for one text message
UserId = Field(min_length=1, max_length=64, pattern=r"^[0-9A-Za-z_-]+$")


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    platform: Platform
    user_id: str = UserId
    message_id: str = Field(min_length=1, max_length=128)
    kind: Literal["text", "image", "location", "follow"]
    text: str = Field(default="", max_length=MAX_TEXT)
    image_url: str | None = Field(default=None, max_length=2048)
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    at: datetime


ZALO_KINDS = {
    "user_send_text": "text",
    "user_send_image": "image",
    "user_send_location": "location",
    "follow": "follow",
}


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _first_attachment(message: dict[str, Any], kind: str) -> dict[str, Any]:
    attachments = message.get("attachments")
    if not isinstance(attachments, list):
        return {}
    found = next((a for a in attachments if isinstance(a, dict) and a.get("type") == kind), {})
    return _dict(found.get("payload"))


def _at(milliseconds: Any) -> datetime | None:
    """The platform's send time; None (the event is then ignored) when it has none."""
    try:
        return datetime.fromtimestamp(int(milliseconds) / 1000, UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _build(fields: dict[str, Any]) -> ChatMessage | None:
    """The message, or None when the event lacks what a message needs (acknowledged and ignored)."""
    try:
        return ChatMessage.model_validate(fields)
    except ValidationError:
        return None


def from_zalo(event: dict[str, Any]) -> ChatMessage | None:
    """A Zalo OA webhook event as a message; None for events the conversation does not use."""
    kind = ZALO_KINDS.get(str(event.get("event_name")))
    if kind is None:
        return None
    message = _dict(event.get("message"))
    point = _dict(_first_attachment(message, "location").get("coordinates"))
    text = message.get("text")
    return _build(
        {
            "platform": "zalo",
            "user_id": str(
                _dict(event.get("sender")).get("id") or _dict(event.get("follower")).get("id", "")
            ),
            "message_id": str(message.get("msg_id") or f"{kind}-{event.get('timestamp')}"),
            "kind": kind,
            "text": text[:MAX_TEXT] if isinstance(text, str) else "",
            "image_url": _first_attachment(message, "image").get("url"),
            "lat": point.get("latitude"),
            "lon": point.get("longitude"),
            "at": _at(event.get("timestamp")),
        }
    )


def _messenger_kind(message: dict[str, Any]) -> str | None:
    if isinstance(message.get("text"), str):
        return "text"
    for kind in ("location", "image"):
        if _first_attachment(message, kind):
            return kind
    return None


def _from_messaging(item: dict[str, Any]) -> ChatMessage | None:
    message = _dict(item.get("message"))
    kind = _messenger_kind(message)
    if kind is None or message.get("is_echo"):
        return None
    point = _dict(_first_attachment(message, "location").get("coordinates"))
    return _build(
        {
            "platform": "messenger",
            "user_id": str(_dict(item.get("sender")).get("id", "")),
            "message_id": str(message.get("mid", "")),
            "kind": kind,
            "text": str(message.get("text", ""))[:MAX_TEXT] if kind == "text" else "",
            "image_url": _first_attachment(message, "image").get("url"),
            "lat": point.get("lat"),
            "lon": point.get("long"),
            "at": _at(item.get("timestamp")),
        }
    )


MAX_MESSENGER_ITEMS = 100  # Meta batches up to 1000 events; more than this in one delivery is not a person


def from_messenger(event: dict[str, Any]) -> list[ChatMessage]:
    """A Messenger page webhook delivery (possibly several entries and messages) as messages."""
    if event.get("object") != "page" or not isinstance(event.get("entry"), list):
        return []
    items = [
        item
        for entry in event["entry"]
        if isinstance(entry, dict) and isinstance(entry.get("messaging"), list)
        for item in entry["messaging"]
        if isinstance(item, dict)
    ][:MAX_MESSENGER_ITEMS]
    return [m for m in (_from_messaging(item) for item in items) if m is not None]
