"""The key page cursors are signed with (shared/page_cursor.py), from the environment.

In the cloud CDK fills `CURSOR_SECRET` from a generated Secrets Manager secret, so every instance of every
function agrees. Without one (the local runner, tests) each process draws its own random key: cursors then
live as long as the process, which is all a local run needs.
"""

from __future__ import annotations

import secrets
from functools import cache

from shared.config import get_settings


@cache
def cursor_key() -> bytes:
    configured = get_settings().cursor_secret
    return configured.encode() if configured else secrets.token_bytes(32)
