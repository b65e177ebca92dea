"""The API's answers name the web app's origin (WEB_ORIGIN) so a browser lets the app read them, errors
included; other origins get no CORS header, and without WEB_ORIGIN (the local run) none is added."""

from __future__ import annotations

from typing import Any

import pytest
from aws_lambda_powertools.event_handler import APIGatewayRestResolver

from shared.cors import WEB_ORIGIN_ENV, web_cors
from shared.errors import NotFound
from shared.http_errors import register_error_handlers

WEB = "https://d111111abcdef8.cloudfront.net"


def resolver() -> APIGatewayRestResolver:
    app = APIGatewayRestResolver(enable_validation=True, cors=web_cors())
    register_error_handlers(app)

    @app.get("/v1/things/<thing>")
    def thing(thing: str) -> dict[str, str]:
        if thing == "missing":
            raise NotFound("Không có.", "Not found.")
        return {"thing": thing}

    return app


def call(app: APIGatewayRestResolver, path: str, origin: str | None) -> dict[str, Any]:
    headers = {"Origin": origin} if origin else {}
    event = {
        "resource": "/v1/things/{thing}",
        "path": path,
        "httpMethod": "GET",
        "headers": headers,
        "multiValueHeaders": {k: [v] for k, v in headers.items()},
        "queryStringParameters": None,
        "pathParameters": {"thing": path.rsplit("/", 1)[1]},
        "requestContext": {"requestId": "r", "stage": "api"},
        "body": None,
        "isBase64Encoded": False,
    }
    answer: dict[str, Any] = app.resolve(event, {})
    return {k: v[0] for k, v in answer["multiValueHeaders"].items()} | {"status": answer["statusCode"]}


@pytest.mark.parametrize("path", ["/v1/things/lamp", "/v1/things/missing", "/v1/nowhere"])
def test_answers_and_errors_name_the_web_origin(monkeypatch: pytest.MonkeyPatch, path: str) -> None:
    monkeypatch.setenv(WEB_ORIGIN_ENV, WEB)
    headers = call(resolver(), path, WEB)
    assert headers["Access-Control-Allow-Origin"] == WEB
    assert "Location" in headers["Access-Control-Expose-Headers"]


def test_another_origin_gets_no_cors_header(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(WEB_ORIGIN_ENV, WEB)
    headers = call(resolver(), "/v1/things/lamp", "https://evil.example")
    assert "Access-Control-Allow-Origin" not in headers


def test_without_a_web_origin_nothing_is_added(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(WEB_ORIGIN_ENV, raising=False)
    assert web_cors() is None
    headers = call(resolver(), "/v1/things/lamp", WEB)
    assert not any(h.startswith("Access-Control") for h in headers)
