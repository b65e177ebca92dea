"""The public base URL of this API, for the absolute links in responses (photos, Open311, the document).

From configuration (`PUBLIC_API_URL`: the stack's API URL in the cloud, the runner's own address locally),
never from the request: `Host` and `X-Forwarded-Proto` are the client's to forge, and a link built from
them would send other readers of a public view wherever that client chose.
"""

from __future__ import annotations

from shared.config import get_settings


def api_base() -> str:
    return get_settings().public_api_url.rstrip("/")
