"""Standard Webhooks signatures, computed by the `standardwebhooks` package (what receivers verify with).

Secrets are `whsec_` + base64 of 32 random bytes. During a rotation's overlap window both the new and the
previous secret sign each message: the `webhook-signature` header carries both, space-separated, so a
receiver holding either secret verifies.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Sequence
from datetime import UTC, datetime

from standardwebhooks.webhooks import Webhook

SECRET_BYTES = 32
PREFIX = "whsec_"


def new_secret() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def signed_headers(msg_id: str, body: str, signing_secrets: Sequence[str], now: datetime) -> dict[str, str]:
    """The three Standard Webhooks headers for one attempt (the timestamp is the attempt's, in seconds)."""
    seconds = int(now.timestamp())
    at = datetime.fromtimestamp(seconds, UTC)
    signatures = " ".join(Webhook(secret).sign(msg_id, at, body) for secret in signing_secrets)
    return {"webhook-id": msg_id, "webhook-timestamp": str(seconds), "webhook-signature": signatures}
