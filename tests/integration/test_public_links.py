"""Links in public answers come from configuration (PUBLIC_API_URL), never from the request's headers: a
client forging `Host` and `X-Forwarded-Proto` must not make the API hand other readers its links."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

from infra.local.provision import Resources
from tests.images import png
from tests.integration.test_open311 import FUNCTION as OPEN311
from tests.integration.test_open311 import V2
from tests.integration.test_photos import open_slot, submit_with
from tests.support import api_raw, pump

BASE = "http://api.test"  # PUBLIC_API_URL in tests/conftest.py
FORGED = [
    {"Host": "evil.example", "X-Forwarded-Proto": "javascript"},
    {"Host": "alert(1)//", "X-Forwarded-Proto": "javascript:"},
    {"Host": "api.test\r\nSet-Cookie: a=b", "X-Forwarded-Proto": "data"},
    {"X-Forwarded-Host": "evil.example", "Forwarded": "proto=javascript;host=evil.example"},
]


def urls_in(value: Any) -> list[str]:
    """Every string in an answer that looks like an absolute link."""
    if isinstance(value, dict):
        return [u for v in value.values() for u in urls_in(v)]
    if isinstance(value, list):
        return [u for v in value for u in urls_in(v)]
    return [value] if isinstance(value, str) and "://" in value else []


@pytest.fixture
def published(aws: Resources, sqs: Any) -> dict[str, Any]:
    """A report with one published photo."""
    slot = open_slot("image/png")
    response = requests.post(
        slot["url"], data=slot["fields"], files={"file": ("p.png", png(), "image/png")}, timeout=10
    )
    assert response.status_code in (200, 201, 204), response.text
    created = submit_with([slot["upload_id"]])
    assert pump(sqs, aws, "photos") == 1
    return created


@pytest.mark.parametrize("headers", FORGED)
def test_photo_links_and_open311_media_urls_ignore_forged_headers(
    published: dict[str, Any], headers: dict[str, str]
) -> None:
    report_id = published["id"]
    answers = [
        api_raw("GET", f"/v1/reports/{report_id}", headers=headers, route="/v1/reports/{id}"),
        api_raw(
            "GET",
            f"/v1/reports/{report_id}",
            headers={**headers, "X-Access-Token": published["access_token"]},
            route="/v1/reports/{id}",
        ),
        api_raw(
            "GET",
            f"{V2}/requests/{report_id}.json",
            headers=headers,
            query="extensions=true",
            function=OPEN311,
        ),
        api_raw("GET", f"{V2}/requests.json", headers=headers, query="extensions=true", function=OPEN311),
        api_raw("GET", f"{V2}/discovery.json", headers=headers, function=OPEN311),
        api_raw("GET", "/v1/openapi.json", headers=headers),
    ]
    links = []
    for answer in answers:
        assert answer["statusCode"] == 200, answer["body"][:300]
        links += urls_in(json.loads(answer["body"]))
    ours = [u for u in links if "/v1/reports/" in u or "/open311/" in u or u == BASE]
    assert any(f"/v1/reports/{report_id}/photos/" in u for u in ours)  # the photo links are there…
    assert ours and all(u.startswith(f"{BASE}/") or u == BASE for u in ours), ours  # …and all ours
    assert not any("evil" in u or "javascript" in u or "\n" in u for u in links)
