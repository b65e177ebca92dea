"""Every API function answers JSON as UTF-8 text and says so: Vietnamese reads as written, not escaped."""

from __future__ import annotations

import pytest

from infra.local.provision import Resources
from tests.support import api_raw


def _content_type(result: dict) -> str:
    headers = {k.lower(): v for k, v in (result.get("headers") or {}).items()}
    for key, values in (result.get("multiValueHeaders") or {}).items():
        headers[key.lower()] = values[0]
    return str(headers["content-type"])


@pytest.mark.parametrize(
    ("function", "path", "route"),
    [
        ("intake-api", "/v1/areas", None),
        ("intake-api", "/v1/reports/PA-ZZZZ-ZZZZ", "/v1/reports/{id}"),
        ("staff-api", "/v1/staff/me", None),
        ("notify-api", "/v1/admin/agencies/dien-luc/webhooks", "/v1/admin/agencies/{id}/webhooks"),
        ("stats-api", "/v1/staff/stats", None),
    ],
)
def test_json_is_utf8_and_labelled_so(aws: Resources, function: str, path: str, route: str | None) -> None:
    result = api_raw("GET", path, function=function, route=route)
    assert _content_type(result) == "application/json; charset=utf-8"
    assert "\\u" not in result["body"]
    assert any(letter in result["body"] for letter in "ăâđêôơưĐạảấầệịọụ"), result["body"]


def test_a_body_that_is_not_json_is_refused_in_utf8(aws: Resources) -> None:
    result = api_raw("POST", "/v1/reports", "a=b", content_type="application/x-www-form-urlencoded")
    assert result["statusCode"] == 415
    assert _content_type(result) == "application/json; charset=utf-8"
    assert "Chỉ nhận dữ liệu JSON" in result["body"]
