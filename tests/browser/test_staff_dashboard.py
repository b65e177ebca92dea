"""The leader's dashboard combines its filters: agency AND category AND area at once, each figure the one
the drill-down API sums for exactly those reports, and each figure's link keeps the three filters."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.citizen import until
from tests.browser.staff import TABLET, file_report, sign_in
from tests.e2e.conftest import Running
from tests.e2e.test_casework_flow import id_token

pytestmark = pytest.mark.e2e
SHOTS = Path(tempfile.gettempdir())


def test_agency_category_and_area_filters_combine(local_system: Running, new_context: Any) -> None:
    outputs = local_system.outputs
    api = outputs["api_url"]
    file_report(api, "Trụ điện nghiêng sát nhà dân ở khóm 5, sợ đổ khi có gió", "dien")
    headers = {"Authorization": f"Bearer {id_token(outputs, 'leader1')}"}

    def combined() -> dict[str, Any]:
        stats = requests.get(f"{api}/v1/staff/stats", headers=headers, timeout=10).json()
        area = next((row["id"] for row in stats["by_area"] if row["id"] != "-"), "-")
        query = {"month": stats["period"], "agency": "dien-luc", "category": "dien", "area": area, "limit": 1}
        found = requests.get(f"{api}/v1/staff/stats/reports", params=query, headers=headers, timeout=10)
        return {"area": area, **found.json()}

    until(lambda: combined()["figures"]["received"] > 0, 30, "the report counted under all three")
    expected = combined()

    page = sign_in(new_context(viewport=TABLET), "leader1")
    expect(page.get_by_role("heading", name="Thống kê")).to_be_visible()
    page.get_by_label("Cơ quan", exact=True).select_option("dien-luc")
    page.get_by_label("Lĩnh vực", exact=True).select_option("dien")
    page.get_by_label("Xã/phường", exact=True).select_option(expected["area"])
    figures = expected["figures"]
    expect(page.get_by_test_id("figure-received")).to_have_text(str(figures["received"]))
    expect(page.get_by_test_id("figure-overdue_now")).to_have_text(str(figures["overdue_now"]))
    page.screenshot(path=str(SHOTS / "staff-dashboard.png"), full_page=True)
    page.get_by_test_id("figure-received").click()
    expect(page.get_by_role("heading", name="Các phản ánh của chỉ số")).to_be_visible()
    drill = f"month={expected['month']}&figure=received&agency=dien-luc&category=dien&area={expected['area']}"
    expect(page).to_have_url(f"{api}/staff/drill?{drill}")
    expect(page.get_by_text(f"{figures['received']} phản ánh")).to_be_visible()
