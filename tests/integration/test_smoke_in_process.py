"""The pipeline's smoke test (infra/delivery/smoke.py) passes against the handlers, in-process."""

from __future__ import annotations

import json
from typing import Any

import pytest

from infra.delivery import smoke
from infra.local.provision import Resources
from tests.support import api_raw

BASE = "https://api.test"


def call_in_process(method: str, url: str, body: Any = None) -> tuple[int, Any]:
    path = url.removeprefix(BASE)
    route = "/v1/reports/{id}" if path.startswith("/v1/reports/PA-") else None
    answer = api_raw(method, path, body, route=route)
    return int(answer["statusCode"]), json.loads(answer["body"] or "null")


def test_the_smoke_test_passes(aws: Resources, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(smoke, "call", call_in_process)
    assert smoke.smoke(BASE) == []


def test_the_smoke_test_notices_a_document_of_one_function_only(
    aws: Resources, monkeypatch: pytest.MonkeyPatch
) -> None:
    def intake_only(method: str, url: str, body: Any = None) -> tuple[int, Any]:
        status, answer = call_in_process(method, url, body)
        if url.endswith("/v1/openapi.json"):
            answer["paths"] = {p: v for p, v in answer["paths"].items() if not p.startswith("/v1/staff")}
        return status, answer

    monkeypatch.setattr(smoke, "call", intake_only)
    assert smoke.smoke(BASE) == ["openapi.json: 200, or not the whole API's"]
