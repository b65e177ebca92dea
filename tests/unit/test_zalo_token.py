"""The Zalo OA token refresh on fakes: when it is due, what is stored, what a refusal leaves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from services.intake.dal.zalo_oauth import ZaloSecret, ZaloTokenEndpoint
from services.intake.logic.zalo_token import (
    RefreshRefused,
    ZaloKeysStore,
    ZaloOAuth,
    refresh_due,
    refresh_zalo_token,
)

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
KEYS = {"app_id": "1", "app_secret": "s", "oa_secret": "o", "access_token": "a1", "refresh_token": "r1"}


class Store:
    def __init__(self, keys: dict[str, str]) -> None:
        self.keys, self.writes = dict(keys), 0

    def read(self) -> dict[str, str]:
        return dict(self.keys)

    def write(self, keys: dict[str, str]) -> None:
        self.keys, self.writes = dict(keys), self.writes + 1


class OAuth:
    def __init__(self, answer: dict[str, Any]) -> None:
        self.answer, self.calls = answer, []

    def refresh(self, app_id: str, app_secret: str, refresh_token: str) -> dict[str, Any]:
        self.calls.append((app_id, app_secret, refresh_token))
        return self.answer


_stores: list[type[ZaloKeysStore]] = [Store, ZaloSecret]
_oauth: list[type[ZaloOAuth]] = [OAuth, ZaloTokenEndpoint]


def test_a_refresh_is_due_20_hours_after_the_last_or_when_its_age_is_unknown() -> None:
    assert refresh_due(KEYS, NOW)
    assert not refresh_due({**KEYS, "refreshed_at": (NOW - timedelta(hours=19)).isoformat()}, NOW)
    assert refresh_due({**KEYS, "refreshed_at": (NOW - timedelta(hours=20)).isoformat()}, NOW)
    assert not refresh_due({**KEYS, "refresh_token": ""}, NOW)  # not configured yet


def test_the_new_pair_is_stored_at_once_with_the_time() -> None:
    store, oauth = Store(KEYS), OAuth({"access_token": "a2", "refresh_token": "r2", "expires_in": "90000"})
    assert refresh_zalo_token(store, oauth, NOW) == "refreshed"
    assert oauth.calls == [("1", "s", "r1")]
    assert store.keys == {
        **KEYS,
        "access_token": "a2",
        "refresh_token": "r2",
        "refreshed_at": NOW.isoformat(),
    }
    assert refresh_zalo_token(store, oauth, NOW + timedelta(hours=1)) == "not_due"
    assert store.writes == 1


def test_a_refused_refresh_keeps_the_stored_keys_and_says_so() -> None:
    store = Store(KEYS)
    with pytest.raises(RefreshRefused):
        refresh_zalo_token(store, OAuth({"error": -14014, "message": "invalid refresh token"}), NOW)
    assert (store.keys, store.writes) == (KEYS, 0)
