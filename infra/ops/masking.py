"""Reporter contact in a dead letter, masked before it is shown: an operator needs to recognise a message,
not to contact the person (names, phone numbers, email addresses, chat ids)."""

from __future__ import annotations

import json
import re
from typing import Any

# Any key naming a person's contact, wherever it sits in the message (an event's data, a chat payload).
CONTACT_KEY = re.compile(r"name|phone|email|e_mail|chat|psid|zalo|messenger|sender|contact|user_id", re.I)
KEPT_IN_REPORTER = {"language"}


def mask_text(value: str) -> str:
    """n***@gmail.com, 091*****78, N*** (the first letter of a name)."""
    if "@" in value:
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    if sum(c.isdigit() for c in value) >= 6:
        return value[:3] + "*" * max(len(value) - 5, 0) + value[-2:]
    return f"{value[:1]}***" if value else value


def _masked_all(value: Any) -> Any:
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {k: _masked_all(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_masked_all(v) for v in value]
    return value


def masked(value: Any) -> Any:
    """The same JSON value with every contact field masked (the reporter's block whole, but its language)."""
    if isinstance(value, list):
        return [masked(v) for v in value]
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key == "reporter" and isinstance(item, dict):
            out[key] = {k: v if k in KEPT_IN_REPORTER else _masked_all(v) for k, v in item.items()}
        elif CONTACT_KEY.search(key):
            out[key] = _masked_all(item)
        elif isinstance(item, str) and item[:1] in "{[":
            out[key] = _masked_json_text(item)
        else:
            out[key] = masked(item)
    return out


def _masked_json_text(text: str) -> Any:
    """A JSON document carried as a string (an event's detail, a webhook body), decoded and masked."""
    try:
        return masked(json.loads(text))
    except ValueError:
        return text


def masked_body(body: str) -> Any:
    """A message body as shown: JSON decoded and masked; anything else as text, masked whole when it
    looks like an address or a phone number."""
    try:
        return masked(json.loads(body))
    except ValueError:
        return mask_text(body) if "@" in body or sum(c.isdigit() for c in body) >= 6 else body
