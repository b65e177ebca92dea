"""axe-core on every citizen page, at phone width: no violation of impact serious or critical."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.conftest import axe_source
from tests.e2e.conftest import Running

pytestmark = pytest.mark.e2e

PAGES = ["/", "/new", "/r", "/mine", "/stats"]


@pytest.fixture(scope="module")
def a_report(local_system: Running) -> str:
    created = requests.post(
        f"{local_system.outputs['api_url']}/v1/reports",
        json={
            "description": "Đèn đường hỏng cả tuần nay, tối đi lại rất nguy hiểm",
            "category": "dien",
            "location": {"lat": 9.1769, "lon": 105.1524, "address": "Đường Trần Hưng Đạo"},
        },
        timeout=10,
    )
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_serious_violation_on_any_citizen_page(new_context: Any, a_report: str, lang: str) -> None:
    # axe is injected as an inline script, which the page's own CSP rightly refuses: bypass it here only.
    context = new_context(bypass_csp=True)
    context.add_init_script(f"localStorage.setItem('phananh.lang', '{lang}')")
    page = context.new_page()
    source = axe_source()
    found: dict[str, list[str]] = {}
    for path in [*PAGES, f"/r/{a_report}"]:
        page.goto(path)
        expect(page.locator("main h1")).to_be_visible()
        page.wait_for_load_state("networkidle")
        page.add_script_tag(content=source)
        violations = page.evaluate(
            """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)"""
        )
        if violations:
            found[path] = violations
    assert not found, found
