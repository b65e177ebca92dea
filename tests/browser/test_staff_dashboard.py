"""The leader's dashboard combines its filters: agency AND category AND area at once, each figure the one
the drill-down API sums for exactly those reports, and each figure's link keeps the three filters; the
map of open reports, the ranking, the agencies' chart and the monthly chart follow the same filters, and
their captions say so."""

from __future__ import annotations

import re
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
import requests
from playwright.sync_api import Page, expect

from tests.browser.citizen import until
from tests.browser.conftest import axe_source
from tests.browser.staff import TABLET, file_report, fits, sign_in
from tests.browser.test_staff_accessibility import AXE_RUN
from tests.e2e.conftest import Running
from tests.e2e.test_casework_flow import id_token

pytestmark = pytest.mark.e2e
SHOTS = Path(tempfile.gettempdir())


def filed_and_counted(api: str, headers: dict[str, str]) -> dict[str, Any]:
    """A power report (dien-luc, dien, its ward) and another agency's waste report, both counted: the
    drill-down's answer for the three filters, with the ward it used."""
    file_report(api, "Trụ điện nghiêng sát nhà dân ở khóm 5, sợ đổ khi có gió", "dien")
    # Another agency's report in the same month: the province counts more than the three filters do.
    file_report(api, "Rác thải đổ bừa bãi ở đầu hẻm 12, bốc mùi hôi cả tuần nay", "ve_sinh_moi_truong")

    def combined() -> dict[str, Any]:
        stats = requests.get(f"{api}/v1/staff/stats", headers=headers, timeout=10).json()
        area = next((row["id"] for row in stats["by_area"] if row["id"] != "-"), "-")
        query = {"month": stats["period"], "agency": "dien-luc", "category": "dien", "area": area, "limit": 1}
        found = requests.get(f"{api}/v1/staff/stats/reports", params=query, headers=headers, timeout=10)
        return {"area": area, "agencies": {row["id"] for row in stats["by_agency"]}, **found.json()}

    # The local system is shared with earlier tests whose reports may still be on their way to the
    # statistics: the figures are taken once two readings a second apart agree.
    readings: list[dict[str, Any]] = []

    def counted_and_settled() -> bool:
        found = combined()
        readings.append(found)
        counted = found["figures"]["received"] > 0 and "so-nong-nghiep-moi-truong" in found["agencies"]
        settled = len(readings) > 1 and readings[-2]["figures"] == found["figures"]
        time.sleep(0.5)
        return counted and settled

    what = "the power report counted under all three, the waste report under its agency"
    until(counted_and_settled, 45, what)
    return readings[-1]


def test_agency_category_and_area_filters_combine(local_system: Running, new_context: Any) -> None:
    outputs = local_system.outputs
    api = outputs["api_url"]
    headers = {"Authorization": f"Bearer {id_token(outputs, 'leader1')}"}
    expected = filed_and_counted(api, headers)

    page = sign_in(new_context(viewport=TABLET, bypass_csp=True), "leader1")
    expect(page.get_by_role("heading", name="Thống kê")).to_be_visible()
    page.get_by_label("Cơ quan", exact=True).select_option("dien-luc")
    page.get_by_label("Lĩnh vực", exact=True).select_option("dien")
    page.get_by_label("Xã/phường", exact=True).select_option(expected["area"])
    figures = expected["figures"]
    expect(page.get_by_test_id("figure-received")).to_have_text(str(figures["received"]))
    expect(page.get_by_test_id("figure-overdue_now")).to_have_text(str(figures["overdue_now"]))
    charts_follow_the_filters(page, expected, headers)
    page.add_script_tag(content=axe_source())  # the page's CSP is bypassed for this context only
    assert page.evaluate(AXE_RUN) == []
    for width in (1280, 360):
        fits(page, width)
        page.screenshot(
            path=str(SHOTS / f"staff-dashboard-{width}.png"), full_page=True, animations="disabled"
        )
    page.set_viewport_size(TABLET)
    page.get_by_test_id("figure-received").click()
    expect(page.get_by_role("heading", name="Các phản ánh của chỉ số")).to_be_visible()
    drill = f"month={expected['month']}&figure=received&agency=dien-luc&category=dien&area={expected['area']}"
    expect(page).to_have_url(f"{api}/staff/drill?{drill}")
    expect(page.get_by_text(f"{figures['received']} phản ánh")).to_be_visible()


def charts_follow_the_filters(page: Page, expected: dict[str, Any], headers: dict[str, str]) -> None:
    """The ranking, the agencies' chart and the six months: the drill-down's figures for the three filters,
    each titled with the filters by name (the province's month would count more than the cards)."""
    api = page.url.split("/staff/")[0]
    stats = requests.get(f"{api}/v1/staff/stats", headers=headers, timeout=10).json()
    named = {
        dimension: next(row["name"] or row["id"] for row in stats[f"by_{dimension}"] if row["id"] == value)
        for dimension, value in (("agency", "dien-luc"), ("category", "dien"), ("area", expected["area"]))
    }
    note = f" — Cơ quan: {named['agency']}; Lĩnh vực: {named['category']}; Xã/phường: {named['area']}"
    open_now = re.compile(rf"^Phản ánh đang mở: [1-9]\d*, quá hạn: \d+ \(màu đỏ\){re.escape(note)}$")
    expect(page.get_by_text(open_now)).to_be_visible()  # the filed report, open, among the map's
    ranking = page.get_by_role("table", name=f"Xếp hạng cơ quan{note}", exact=True)
    if expected["ranking"]:
        rows = [row["name"] or row["agency_id"] for row in expected["ranking"]]
        expect(ranking.get_by_role("rowheader")).to_have_text(rows)
    else:
        expect(page.get_by_role("heading", name=f"Xếp hạng cơ quan{note}", exact=True)).to_be_visible()
    agencies = ", ".join(
        f"{row['name'] or row['id']} {row['received']}"
        for row in expected["by_agency"]
        if row["id"] != "-" and row["received"]
    )
    expect(page.get_by_role("img", name=f"Theo cơ quan: {agencies}{note}", exact=True)).to_be_attached()
    months = page.get_by_role("table", name=f"Theo tháng: tiếp nhận / đã trả lời{note}", exact=True)
    this_month = months.get_by_role("row").filter(has=page.get_by_role("cell", name=expected["month"]))
    figures = expected["figures"]
    expect(this_month.get_by_role("cell")).to_have_text(
        [expected["month"], str(figures["received"]), str(figures["resolved"])]
    )
