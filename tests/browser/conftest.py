"""Browser tests: Debian's Chromium driven by Playwright against the real local runner (`make run`'s
process on free ports, as in tests/e2e), serving the built web app on the API's origin."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Playwright, expect, sync_playwright

from infra.local import chromium
from tests.e2e.conftest import ROOT, Running, local_system  # noqa: F401 - the runner fixture, shared

DIST = ROOT / "web" / "dist"
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
# A worker's event can take more than expect's 5 s default on a loaded two-core machine; a page that never
# gets there still fails, just later.
expect.set_options(timeout=15_000)
# Cà Mau, inside the demo province's ward outlines: where the citizen stands.
HERE = {"latitude": 9.1775, "longitude": 105.1530}
PHONE = {"width": 360, "height": 780}


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not (DIST / "index.html").is_file():
        pytest.fail("web/dist is not built: `make test` builds it (npm ci && npm run build in web/)")
    try:
        launched = chromium.launch(playwright)
    except RuntimeError as error:
        pytest.fail(str(error))
    yield launched
    launched.close()


@pytest.fixture
def web_url(local_system: Running) -> str:  # noqa: F811 - the fixture imported above
    return str(local_system.outputs["web_url"])


@pytest.fixture
def new_context(browser: Browser, web_url: str) -> Iterator[Callable[..., BrowserContext]]:
    """A fresh phone-sized browser profile (its own storage), with the citizen's position granted."""
    made: list[BrowserContext] = []

    def make(**options: Any) -> BrowserContext:
        settings: dict[str, Any] = {
            "viewport": PHONE,
            "locale": "vi-VN",
            "timezone_id": "Asia/Ho_Chi_Minh",
            "geolocation": HERE,
            "permissions": ["geolocation"],
            "service_workers": "block",
            "base_url": web_url,
            **options,
        }
        context = browser.new_context(**settings)
        context.set_default_timeout(15_000)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail("web/node_modules/axe-core is missing: `make test` installs the web app's packages")
    return AXE.read_text()
