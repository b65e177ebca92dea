"""The chat platforms' keys and tokens, from Secrets Manager: read once per container, then cached.

Each platform has one secret, a JSON object (infra/topology.py `Secret.keys`); functions learn only its
name (`ZALO_SECRET_ID`, `MESSENGER_SECRET_ID`), never a value, so no key sits in an environment variable
or a template. `forget` drops the cache, so a token rotated in the secret is read again after the platform
refuses the old one.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Literal

from shared.aws import client
from shared.config import get_settings

Platform = Literal["zalo", "messenger"]


@cache
def chat_secret(platform: Platform) -> dict[str, str]:
    settings = get_settings()
    name = settings.zalo_secret_id if platform == "zalo" else settings.messenger_secret_id
    if not name:
        return {}
    value = json.loads(client("secretsmanager").get_secret_value(SecretId=name)["SecretString"])
    return {k: v for k, v in value.items() if isinstance(v, str)} if isinstance(value, dict) else {}


def forget() -> None:
    chat_secret.cache_clear()
