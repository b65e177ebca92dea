"""An Idempotency-Key counts per client: a replay by anyone else never returns the first reporter's token."""

from __future__ import annotations

from typing import Any

import pytest

from infra.local.provision import Resources
from tests.integration.test_citizen_api import REPORT
from tests.support import api_call

ALICE = {"X-Forwarded-For": "203.0.113.7", "User-Agent": "Mozilla/5.0 (Android 14) Chrome/131"}


def _post(client: dict[str, str], key: str = "k-2026-11-30") -> tuple[int, Any]:
    return api_call("POST", "/v1/reports", REPORT, headers={**client, "Idempotency-Key": key})


@pytest.mark.parametrize(
    "other",
    [
        {**ALICE, "X-Forwarded-For": "198.51.100.9"},  # another address
        {**ALICE, "User-Agent": "curl/8.5.0"},  # another program on the same network
        {"X-Forwarded-For": "198.51.100.9", "User-Agent": "python-requests/2.32"},
    ],
)
def test_a_replay_from_another_client_never_gets_the_token(aws: Resources, other: dict[str, str]) -> None:
    status, first = _post(ALICE)
    assert status == 201
    status, replay = _post(other)
    assert status == 201
    assert replay["access_token"] != first["access_token"] and replay["id"] != first["id"]
    status, retry = _post(ALICE)  # the reporter's own retry still gets their report back
    assert (status, retry["id"], retry["access_token"]) == (201, first["id"], first["access_token"])
    status, _ = api_call(
        "GET", f"/v1/reports/{first['id']}", route="/v1/reports/{id}",
        headers={"X-Access-Token": replay["access_token"]},
    )  # fmt: skip
    assert status == 403
