"""Standard Webhooks signing secrets, their rotation, and the signed headers of one attempt (computed by the
`standardwebhooks` package, which is what receivers verify with)."""

from __future__ import annotations

import base64
import secrets
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from standardwebhooks.webhooks import Webhook

from services.notify.models import Endpoint, SigningSecret

SECRET_BYTES = 32
PREFIX = "whsec_"
ROTATION_OVERLAP = timedelta(hours=24)  # both secrets sign for a day after a rotation


def new_secret() -> str:
    """`whsec_` + base64 of 32 random bytes."""
    return PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def new_endpoint(agency_id: str, url: str, now: datetime) -> Endpoint:
    return Endpoint(
        id="ep_" + secrets.token_hex(8),
        agency_id=agency_id,
        url=url,
        created_at=now,
        secrets=[SigningSecret(secret=new_secret(), created_at=now)],
    )


def rotated(endpoint: Endpoint, now: datetime) -> Endpoint:
    """A new secret; the current one keeps signing for ROTATION_OVERLAP, older ones stop."""
    current, *_ = endpoint.secrets
    previous = current.model_copy(update={"expires_at": now + ROTATION_OVERLAP})
    return endpoint.model_copy(
        update={
            "secrets": [SigningSecret(secret=new_secret(), created_at=now), previous],
            "version": endpoint.version + 1,
        }
    )


def signed_headers(msg_id: str, body: str, signing_secrets: Sequence[str], now: datetime) -> dict[str, str]:
    """The three Standard Webhooks headers for one attempt (the timestamp is the attempt's, in seconds).

    During a rotation's overlap both secrets sign: `webhook-signature` carries both, space-separated, so a
    receiver holding either secret verifies."""
    seconds = int(now.timestamp())
    at = datetime.fromtimestamp(seconds, UTC)
    signatures = " ".join(Webhook(secret).sign(msg_id, at, body) for secret in signing_secrets)
    return {"webhook-id": msg_id, "webhook-timestamp": str(seconds), "webhook-signature": signatures}
