"""Is this webhook call really from the platform? Zalo OA's and Messenger's signatures, checked in constant
time, and Zalo's timestamp window (a replayed call is refused after five minutes)."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

ZALO_WINDOW = timedelta(minutes=5)


def zalo_signature(app_id: str, body: bytes, timestamp: str, oa_secret: str) -> str:
    """`mac=<hex>`: Zalo signs SHA-256 over app id + raw body + timestamp + OA secret key (not an HMAC)."""
    digest = hashlib.sha256(app_id.encode() + body + timestamp.encode() + oa_secret.encode()).hexdigest()
    return f"mac={digest}"


def zalo_fresh(timestamp: str, now: datetime) -> bool:
    """The event's timestamp (milliseconds) is within five minutes of now, either way."""
    if not timestamp.isdigit() or len(timestamp) > 16:
        return False
    sent = int(timestamp) / 1000
    return abs(now.timestamp() - sent) <= ZALO_WINDOW.total_seconds()


def zalo_valid(header: str | None, app_id: str, body: bytes, timestamp: str, oa_secret: str) -> bool:
    if not header or not oa_secret:
        return False
    expected = zalo_signature(app_id, body, timestamp, oa_secret)
    return hmac.compare_digest(header.strip().encode(), expected.encode())


def messenger_signature(body: bytes, app_secret: str) -> str:
    """`sha256=<hex HMAC-SHA256(app secret, raw body)>`."""
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def messenger_valid(header: str | None, body: bytes, app_secret: str) -> bool:
    if not header or not app_secret:
        return False
    return hmac.compare_digest(header.strip().encode(), messenger_signature(body, app_secret).encode())
