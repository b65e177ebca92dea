"""The staff lists as people read them: the agency's inbox names each report's category in the page's
language (not its code) and counts every report, not just the first page; a report's page names its agency
for the agency's own staff too (not its id), and who took each step of its history; the admin's
categories table shows each category's deadlines per urgency as the API returns them."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.citizen import until
from tests.browser.staff import TABLET, file_report, fits, routed, sign_in
from tests.e2e.conftest import Running
from tests.e2e.test_casework_flow import id_token

pytestmark = pytest.mark.e2e
SHOTS = Path(tempfile.gettempdir())
STATUSES = ("received", "triage", "assigned", "in_progress", "resolved", "closed", "rejected")


def count(api: str, headers: dict[str, str], status: str) -> int:
    """How many reports of a status the caller may see, every page of the API followed."""
    total, cursor = 0, None
    while True:
        query = {"status": status, "limit": 100, **({"cursor": cursor} if cursor else {})}
        page = requests.get(f"{api}/v1/staff/reports", params=query, headers=headers, timeout=10).json()
        total += len(page["items"])
        cursor = page["next_cursor"]
        if not cursor:
            return total


def test_the_inbox_names_the_category_in_the_pages_language(local_system: Running, new_context: Any) -> None:
    api = local_system.outputs["api_url"]
    code = file_report(api, "Mất điện từ chiều qua ở khóm 3, cả xóm không có điện", "dien")
    page = sign_in(new_context(viewport=TABLET), "dienluc1")
    expect(page.get_by_role("heading", name="Hộp việc")).to_be_visible()
    card = page.get_by_test_id("queue-item").filter(has_text=code)
    until(lambda: card.count() == 1, 30, f"{code} in the inbox", step=page.reload)
    expect(card.locator(".meta")).to_contain_text("Điện · ")
    expect(card).not_to_contain_text("dien ·")

    headers = {"Authorization": f"Bearer {id_token(local_system.outputs, 'dienluc1')}"}
    listed = sum(count(api, headers, status) for status in STATUSES)
    expect(page.get_by_test_id("queue-total")).to_have_text(f"{listed} phản ánh")
    page.screenshot(path=str(SHOTS / "staff-inbox.png"), full_page=True)

    page.get_by_role("button", name="Switch to English").click()
    expect(page.get_by_role("heading", name="Inbox")).to_be_visible()
    expect(card.locator(".meta")).to_contain_text("Electricity · ")


def test_agency_staff_see_their_agency_by_name_on_the_report_page(
    local_system: Running, new_context: Any
) -> None:
    outputs = local_system.outputs
    api = outputs["api_url"]
    code = file_report(api, "Cột điện trước chợ bị nghiêng, dây điện võng thấp", "dien")
    token = id_token(outputs, "dienluc1")
    routed(outputs, code, token)
    headers = {"Authorization": f"Bearer {token}"}
    names = requests.get(f"{api}/v1/staff/agency-names", headers=headers, timeout=10).json()["items"]
    name = next(agency["name"] for agency in names if agency["id"] == "dien-luc")

    page = sign_in(new_context(viewport=TABLET), "dienluc1", path=f"/staff/r/{code}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)
    agency = page.get_by_role("term").filter(has_text="Cơ quan xử lý")
    expect(agency.locator("xpath=following-sibling::dd[1]")).to_have_text(name)
    timeline = page.locator("ol.timeline")  # who took each step: people and roles, not system identifiers
    expect(timeline.get_by_role("listitem").filter(has_text="Chuyển xử lý")).to_contain_text("Hệ thống")
    expect(timeline.get_by_role("listitem").first).to_contain_text("Người dân (web)")
    expect(timeline).not_to_contain_text("system:")
    # Merging duplicates is the operations centre's; another agency's report would be "not found" here.
    expect(page.get_by_role("heading", name="Có thể trùng")).to_have_count(0)
    for width in (1280, 360):
        fits(page, width)
        page.screenshot(
            path=str(SHOTS / f"staff-report-agency-{width}.png"), full_page=True, animations="disabled"
        )


def test_the_categories_table_lists_the_deadlines_per_urgency(
    local_system: Running, new_context: Any
) -> None:
    api = local_system.outputs["api_url"]
    headers = {"Authorization": f"Bearer {id_token(local_system.outputs, 'admin1')}"}
    categories = requests.get(f"{api}/v1/admin/categories", headers=headers, timeout=10).json()["items"]
    power = next(c for c in categories if c["code"] == "dien")
    plain = next(c for c in categories if not c.get("deadlines"))

    page = sign_in(new_context(viewport=TABLET), "admin1")
    table = page.get_by_role("region", name="Lĩnh vực").get_by_role("table")
    row = table.get_by_role("row").filter(has=page.get_by_role("cell", name="dien", exact=True))
    names = {"urgent": "Khẩn", "normal": "Bình thường", "complex": "Phức tạp"}
    for urgency, deadline in power["deadlines"].items():
        expected = (
            f"{names[urgency]}: tiếp nhận {deadline['accept_hours']:g} giờ, "
            f"trả lời {deadline['answer_days']:g} ngày"
        )
        expect(row).to_contain_text(expected)
    plain_row = table.get_by_role("row").filter(has=page.get_by_role("cell", name=plain["code"], exact=True))
    expect(plain_row).to_contain_text("Mặc định")
    expect(row.get_by_role("listitem")).to_have_count(len(power["deadlines"]))
    page.screenshot(path=str(SHOTS / "staff-admin-categories.png"), full_page=True)


def test_a_queue_counts_past_the_first_hundred(local_system: Running, new_context: Any) -> None:
    """The API pages by 100; the console follows the cursor, so 101 reports to classify are 101, not 100."""
    api = local_system.outputs["api_url"]
    headers = {"Authorization": f"Bearer {id_token(local_system.outputs, 'operator1')}"}

    def in_triage() -> int:
        return count(api, headers, "triage")

    for n in range(max(0, 101 - in_triage())):
        file_report(api, f"Có vật lạ chắn ngang lối đi số {n} trước chợ, chưa rõ cơ quan nào xử lý")
    until(lambda: in_triage() >= 101, 120, "101 reports waiting to be classified")

    page = sign_in(new_context(viewport=TABLET), "operator1")
    expect(page.get_by_role("heading", name="Cần phân loại")).to_be_visible()
    expect(page.get_by_test_id("queue-total")).to_have_text(f"{in_triage()} phản ánh")
    expect(page.get_by_test_id("queue-item")).to_have_count(100)  # the first hundred by deadline
    page.get_by_role("button", name="Xem thêm").click()
    expect(page.get_by_test_id("queue-item")).to_have_count(in_triage())
