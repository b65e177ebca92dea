"""The reporter's private access token: random, shown once, stored only as its SHA-256."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from shared.errors import Forbidden

TOKEN_BYTES = 32


# With an Idempotency-Key the token must come back identical on a retry, yet no readable copy may be
# stored. So it is derived: HMAC-SHA256(random salt, the raw key). The idempotency record keeps only the
# salt, and Powertools keeps only a hash of the key, so the table alone cannot rebuild a token.
def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def new_salt() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_from(salt: str, idempotency_key: str) -> str:
    mac = hmac.new(salt.encode(), idempotency_key.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


# An Idempotency-Key is only as private as the client keeps it, and a replay returns the access token.
# So the key counts per client (source address and User-Agent): another client replaying someone's key
# and body files a report of its own, never receiving theirs. Chosen over refusing such a replay because
# it needs no stored fingerprint and cannot be used to probe which keys exist; the cost is that a genuine
# retry from a new address (Wi-Fi to mobile data) files a second report, which routing flags as a likely
# duplicate, instead of returning the first one.
def client_scoped_key(idempotency_key: str, client: str) -> str:
    """The key as stored: a digest of the client's fingerprint, then the key."""
    return f"{hashlib.sha256(client.encode()).hexdigest()[:32]}:{idempotency_key}"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_token(token: str | None, stored_hash: str | None) -> None:
    """Raises Forbidden unless `token` is the one whose hash was stored (in constant time)."""
    if not token or not stored_hash or not hmac.compare_digest(token_hash(token), stored_hash):
        raise Forbidden(
            "Mã truy cập không đúng với phản ánh này.",
            "The access token does not match this report.",
        )
