"""The local runner serves the built app on the API's origin, as CloudFront will: files with their
content types, the SPA fallback for the app's own paths, config.json, Swagger UI, a strict CSP on HTML."""

from __future__ import annotations

import pytest
import requests

from tests.e2e.conftest import Running

pytestmark = pytest.mark.e2e


def test_outputs_name_the_web_app(local_system: Running) -> None:
    outputs = local_system.outputs
    assert outputs["web_url"] == f"{outputs['api_url']}/"
    assert outputs["docs_url"] == f"{outputs['api_url']}/v1/docs"
    assert "Web app" in local_system.log.read_text()


def test_config_json_tells_the_app_where_everything_is(local_system: Running) -> None:
    outputs = local_system.outputs
    config = requests.get(f"{outputs['api_url']}/config.json", timeout=5)
    assert config.headers["Content-Type"] == ("application/json; charset=utf-8")
    assert config.json() == {
        "api_base": outputs["api_url"],
        "user_pool_id": outputs["user_pool_id"],
        "user_pool_client_id": outputs["user_pool_client_id"],
        "region": outputs["region"],
        "cognito_endpoint": outputs["aws_endpoint_url"],
        "tiles_url": None,
    }


@pytest.mark.parametrize("path", ["/", "/new", "/r/PA-7K3M-Q9XD", "/mine", "/stats", "/somewhere/else"])
def test_app_paths_get_the_page_with_a_strict_csp(local_system: Running, path: str) -> None:
    page = requests.get(f"{local_system.outputs['web_url'].rstrip('/')}{path}", timeout=5)
    assert page.status_code == 200
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert '<div id="app">' in page.text
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "unsafe" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert page.headers["X-Content-Type-Options"] == "nosniff"


def test_built_files_have_their_content_types(local_system: Running) -> None:
    web = local_system.outputs["web_url"].rstrip("/")
    index = requests.get(f"{web}/", timeout=5).text
    script = index.split('src="', 1)[1].split('"', 1)[0]
    asset = requests.get(f"{web}{script}", timeout=5)
    assert asset.headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert "immutable" in asset.headers["Cache-Control"]
    manifest = requests.get(f"{web}/manifest.webmanifest", timeout=5)
    assert manifest.headers["Content-Type"] == "application/manifest+json"
    assert manifest.json()["lang"] == "vi"
    worker = requests.get(f"{web}/sw.js", timeout=5)
    assert worker.headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert worker.headers["Cache-Control"] == "no-cache"


def test_missing_files_and_api_paths_are_not_the_page(local_system: Running) -> None:
    web = local_system.outputs["web_url"].rstrip("/")
    assert requests.get(f"{web}/assets/missing.js", timeout=5).status_code == 404
    assert requests.get(f"{web}/../../pyproject.toml", timeout=5).status_code in (200, 404)
    assert "[tool" not in requests.get(f"{web}/%2e%2e/%2e%2e/pyproject.toml", timeout=5).text
    api = requests.get(f"{web}/v1/nothing-here", timeout=5)
    assert api.status_code == 404 and api.json()["error"]["code"] == "no_route"
    assert requests.get(f"{web}/v1/categories", timeout=5).headers["Content-Type"] == (
        "application/json; charset=utf-8"
    )


def test_swagger_ui_is_served_from_the_build(local_system: Running) -> None:
    web = local_system.outputs["web_url"].rstrip("/")
    docs = requests.get(f"{web}/v1/docs", timeout=5)
    assert docs.status_code == 200 and "swagger-ui-bundle.js" in docs.text
    assert "Content-Security-Policy" in docs.headers
    bundle = requests.get(f"{web}/v1/docs/swagger-ui-bundle.js", timeout=5)
    assert bundle.status_code == 200 and bundle.headers["Content-Type"].startswith("text/javascript")
