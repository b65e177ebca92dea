"""Page cursors: opaque to clients, signed by the server, valid only for the query that issued them.

A cursor carries a position (an index key, a month) that the server resumes from. Signed with HMAC-SHA256
over the query's scope and the position, so a client can neither forge a position (a month in year 9999,
another agency's partition) nor carry a cursor over to other filters: either is a 422. Hand-written
rather than a token library because it is one HMAC over canonical JSON; a JWT would add a header, an
algorithm field to police and expiry semantics we do not want.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import Any

from shared.errors import InvalidInput

MAC_BYTES = 16
MAX_CURSOR_CHARS = 1000


def bad_cursor() -> InvalidInput:
    return InvalidInput(
        "Con trỏ trang không hợp lệ hoặc thuộc một truy vấn khác.",
        "The page cursor is not valid, or belongs to another query.",
        fields={"cursor": "not a cursor this API returned for these filters"},
    )


def query_scope(name: str, filters: Mapping[str, object]) -> str:
    """The canonical text of a query: which list, with which filters (the cursor and limit aside)."""
    return json.dumps([name, {k: str(v) for k, v in sorted(filters.items()) if v is not None}])


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(key: bytes, scope: str, body: str) -> bytes:
    return hmac.new(key, f"{scope}\n{body}".encode(), hashlib.sha256).digest()[:MAC_BYTES]


def seal(position: Mapping[str, Any], scope: str, key: bytes) -> str:
    body = _b64(json.dumps(position, separators=(",", ":"), sort_keys=True).encode())
    return f"{body}.{_b64(_mac(key, scope, body))}"


def unseal(cursor: str, scope: str, key: bytes) -> dict[str, Any]:
    """The position sealed in `cursor` for this scope; a 422 for anything else."""
    body, _, mac = cursor.partition(".")
    try:
        valid = len(cursor) <= MAX_CURSOR_CHARS and hmac.compare_digest(_unb64(mac), _mac(key, scope, body))
        position = json.loads(_unb64(body)) if valid else None
    except (ValueError, binascii.Error, UnicodeDecodeError) as error:
        raise bad_cursor() from error
    if not isinstance(position, dict):
        raise bad_cursor()
    return position
