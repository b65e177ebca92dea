"""Every API refuses oversized paths, query strings and bodies before routing: the JSON APIs in the one
error shape, Open311 in its own ({code, description} array, in the format the path asked for)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from infra.local.provision import Resources
from services.intake.logic import open311_requests
from shared.request_limits import MAX_BODY, MAX_PATH, MAX_QUERY
from tests.integration.test_citizen_api import submit
from tests.integration.test_open311 import as_json, as_xml, call
from tests.support import api_raw

LONG_QUERY = "q=" + "a" * (MAX_QUERY + 10)
LONG_PATH = "/requests/" + "x" * MAX_PATH + ".json"
BIG_FORM = "description=" + "a" * (MAX_BODY + 10)


@pytest.mark.parametrize(
    ("method", "path", "query", "form", "status"),
    [
        ("GET", "/requests.json", LONG_QUERY, None, 414),
        ("GET", "/requests.xml", LONG_QUERY, None, 414),
        ("GET", LONG_PATH, "", None, 414),
        ("POST", "/requests.json", "", BIG_FORM, 413),
        ("POST", "/requests.xml", "", BIG_FORM, 413),
    ],
)
def test_open311_refuses_oversized_requests_in_its_own_error_shape(
    aws: Resources, method: str, path: str, query: str, form: str | None, status: int
) -> None:
    result = call(method, path, query, form)
    if path.endswith(".xml"):
        error = as_xml(result, status).find("error")
        assert error is not None and error.findtext("code") == str(status)
        assert error.findtext("description")
    else:
        [error] = as_json(result, status)
        assert error["code"] == status and error["description"]


@pytest.mark.parametrize("path", ["/requests.json\n", "/requests.json%0A", "/services.xml\r"])
def test_open311_control_characters_in_the_path_are_404_not_another_route(aws: Resources, path: str) -> None:
    result = call("GET", path)
    assert result["statusCode"] == 404, result["body"]


@pytest.mark.parametrize(
    ("path", "query", "body", "status", "code"),
    [
        ("/v1/reports", LONG_QUERY, None, 414, "query_too_long"),
        ("/v1/reports/" + "x" * MAX_PATH, "", None, 414, "path_too_long"),
        ("/v1/reports", "", {"description": "a" * (MAX_BODY + 10)}, 413, "body_too_large"),
    ],
)
def test_the_json_apis_refuse_oversized_requests_in_the_one_error_shape(
    aws: Resources, path: str, query: str, body: dict[str, str] | None, status: int, code: str
) -> None:
    method = "POST" if body else "GET"
    result = api_raw(method, path, body, query=query, route="/v1/reports/{id}" if "x" in path else None)
    assert result["statusCode"] == status, result["body"]
    error = json.loads(result["body"])["error"]
    assert error["code"] == code and error["message_vi"] and error["message_en"]


def header(result: dict[str, Any], name: str) -> str | None:
    headers = {**(result.get("headers") or {}), **(result.get("multiValueHeaders") or {})}
    value = {k.lower(): v for k, v in headers.items()}.get(name.lower())
    return value[0] if isinstance(value, list) else value


def test_a_page_the_read_budget_cut_short_says_so_in_a_header(
    aws: Resources, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(3):
        submit()
    whole = call("GET", "/requests.json")
    assert len(as_json(whole)) == 3
    assert header(whole, "X-Results-Incomplete") is None
    monkeypatch.setattr(open311_requests, "READ_BUDGET", 2)
    short = call("GET", "/requests.json")
    assert len(as_json(short)) < 3
    assert "narrow" in (header(short, "X-Results-Incomplete") or "")
