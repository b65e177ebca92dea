"""When and how the Zalo OA access token is refreshed. It lives about 25 hours; its refresh token is
single-use and lives three months, so the refresher trades it for a new pair well before the access token
expires (20 hours after the last refresh) and stores both at once with the time (`refreshed_at`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Protocol

REFRESH_AFTER = timedelta(hours=20)


class ZaloKeysStore(Protocol):
    def read(self) -> dict[str, str]:
        """The secret's current keys (not a cached copy)."""
        ...

    def write(self, keys: dict[str, str]) -> None: ...


class ZaloOAuth(Protocol):
    def refresh(self, app_id: str, app_secret: str, refresh_token: str) -> dict[str, Any]:
        """The platform's answer: `access_token` and `refresh_token`, or an error."""
        ...


class RefreshRefused(Exception):
    """The platform gave no new tokens (the refresh token was used or expired: re-authorise the OA)."""


def refresh_due(keys: dict[str, str], now: datetime) -> bool:
    if not (keys.get("refresh_token") and keys.get("app_id") and keys.get("app_secret")):
        return False  # not configured yet: nothing to refresh with
    try:
        last = datetime.fromisoformat(keys.get("refreshed_at", ""))
    except ValueError:
        return True  # never refreshed by us: the tokens' age is unknown
    return now - last >= REFRESH_AFTER


def refresh_zalo_token(store: ZaloKeysStore, oauth: ZaloOAuth, now: datetime) -> str:
    """ "refreshed" or "not_due"; RefreshRefused when the platform refuses."""
    keys = store.read()
    if not refresh_due(keys, now):
        return "not_due"
    answer = oauth.refresh(keys["app_id"], keys["app_secret"], keys["refresh_token"])
    access, refresh = answer.get("access_token"), answer.get("refresh_token")
    if not (isinstance(access, str) and access and isinstance(refresh, str) and refresh):
        raise RefreshRefused(f"no tokens in the answer (error {str(answer.get('error'))[:20]})")
    store.write({**keys, "access_token": access, "refresh_token": refresh, "refreshed_at": now.isoformat()})
    return "refreshed"
