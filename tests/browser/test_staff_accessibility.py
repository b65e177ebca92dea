"""axe-core on every staff page, at tablet width, in both languages: no violation of impact serious or
critical."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import axe_source
from tests.browser.staff import TABLET, file_report, sign_in
from tests.e2e.conftest import Running

pytestmark = pytest.mark.e2e

AXE_RUN = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)"""


def violations(page: Page, path: str, source: str) -> list[str]:
    page.goto(path)
    expect(page.locator("main h1")).to_be_visible()
    page.wait_for_load_state("networkidle")
    page.add_script_tag(content=source)
    return list(page.evaluate(AXE_RUN))


@pytest.fixture(scope="module")
def a_power_report(local_system: Running) -> str:
    api = local_system.outputs["api_url"]
    return file_report(api, "Dây điện võng thấp trước nhà số 5, rất nguy hiểm", "dien")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_serious_violation_on_any_staff_page(new_context: Any, a_power_report: str, lang: str) -> None:
    source = axe_source()
    found: dict[str, list[str]] = {}
    pages = {
        "operator1": [
            "/staff/queue/triage",
            "/staff/queue/received",
            "/staff/queue/resolved",
            "/staff/queue/overdue",
            "/staff/queue/all",
            "/staff/new",
            f"/staff/r/{a_power_report}",
            "/staff/r/PA-0000-0000",
        ],
        "dienluc1": ["/staff/queue/inbox", f"/staff/r/{a_power_report}"],
        "leader1": ["/staff/dashboard", "/staff/drill?figure=received"],
        "admin1": ["/staff/admin"],
    }
    for username, paths in pages.items():
        # axe is injected as an inline script, which the page's own CSP rightly refuses: bypass it here only.
        context = new_context(viewport=TABLET, bypass_csp=True)
        page = sign_in(context, username)  # in Vietnamese, the default; then the language under test
        expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
        page.evaluate(f"localStorage.setItem('phananh.lang', '{lang}')")
        if username == "operator1":
            signed_out = context.new_page()  # a new tab has its own session storage: signed out
            if bad := violations(signed_out, "/staff", source):
                found["/staff (sign-in)"] = bad
        for path in paths:
            if bad := violations(page, path, source):
                found[f"{username} {path}"] = bad
    assert not found, found
