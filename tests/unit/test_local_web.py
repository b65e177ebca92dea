"""The local runner's static serving of the web app, without a server: which paths are the app's, content
types, the SPA fallback, no escape from the build folder, the CSP."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from infra.local.web import WebApp, content_security_policy, owns

CONFIG = {"api_base": "http://127.0.0.1:8080", "user_pool_id": "p", "user_pool_client_id": "c"}


@pytest.fixture
def app(tmp_path: Path) -> WebApp:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "v1" / "docs").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><div id=app></div>")
    (dist / "assets" / "index-abc.js").write_text("console.log(1)")
    (dist / "manifest.webmanifest").write_text("{}")
    (dist / "v1" / "docs" / "index.html").write_text("<title>docs</title>")
    (tmp_path / "secret.txt").write_text("not for the web")
    return WebApp(CONFIG, content_security_policy("http://127.0.0.1:4566"), dist)


def test_api_paths_stay_the_apis() -> None:
    assert owns("/") and owns("/r/PA-7K3M-Q9XD") and owns("/config.json") and owns("/v1/docs")
    assert owns("/v1/docs/swagger-ui.css")
    assert not owns("/v1/reports") and not owns("/open311/v2/services.json") and not owns("/local/inbox")
    assert not owns("/v1/docsx")


def test_config_json(app: WebApp) -> None:
    status, body, headers = app.serve("/config.json")
    assert (status, json.loads(body), headers["Content-Type"]) == (
        200,
        CONFIG,
        "application/json; charset=utf-8",
    )


def test_files_with_their_types_and_caching(app: WebApp) -> None:
    status, _, headers = app.serve("/assets/index-abc.js")
    assert status == 200 and headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert "immutable" in headers["Cache-Control"]
    assert app.serve("/manifest.webmanifest")[2]["Content-Type"] == "application/manifest+json"


def test_the_apps_routes_get_the_page_with_its_csp(app: WebApp) -> None:
    for path in ("/", "/new", "/r/PA-7K3M-Q9XD", "/unknown/deep/path"):
        status, body, headers = app.serve(path)
        assert status == 200 and b"id=app" in body, path
        assert headers["Content-Security-Policy"].startswith("default-src 'self'; script-src 'self';")
        assert headers["Cache-Control"] == "no-cache"


def test_swagger_ui_index(app: WebApp) -> None:
    for path in ("/v1/docs", "/v1/docs/"):
        assert app.serve(path)[1] == b"<title>docs</title>"
    assert app.serve("/v1/docs/missing.js")[0] == 404


def test_missing_files_and_escapes_are_404(app: WebApp) -> None:
    assert app.serve("/assets/gone.js")[0] == 404
    assert app.serve("/favicon.ico")[0] == 404
    for path in ("/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt"):
        status, body, _ = app.serve(path)
        assert b"not for the web" not in body, path
        assert status in (200, 404)


def test_not_built_says_how_to_build(tmp_path: Path) -> None:
    status, body, _ = WebApp(CONFIG, "default-src 'self'", tmp_path / "nothing").serve("/")
    assert status == 503 and b"make run" in body


def test_csp_allows_only_this_origin_and_the_emulator() -> None:
    csp = content_security_policy("http://127.0.0.1:4566", "https://{s}.tile.example/{z}/{x}/{y}.png")
    assert "connect-src 'self' http://127.0.0.1:4566" in csp
    assert "img-src 'self' data: blob: http://127.0.0.1:4566 https://*.tile.example" in csp
    assert "unsafe" not in csp
