"""Patience and honesty: a report written offline is kept and sent once back online; what was typed
survives a reload; the API's own error is shown next to the field it names."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.citizen import fill_report, tracking_code
from tests.e2e.conftest import Running
from tests.images import jpeg_with_gps

pytestmark = pytest.mark.e2e


def test_a_report_written_offline_is_sent_after_going_back_online(
    local_system: Running, new_context: Any
) -> None:
    context = new_context()
    page = context.new_page()
    fill_report(page, "Ổ gà lớn giữa đường, xe máy tránh không kịp", category="an_toan_giao_thong")
    typed = "Ổ gà lớn giữa đường, xe máy tránh không kịp vào ban đêm"
    context.set_offline(True)
    page.get_by_label("Mô tả").fill(typed)
    page.get_by_label("Ảnh").set_input_files(
        files=[{"name": "o-ga.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps((1000, 750))}]
    )
    expect(page.locator(".photo", has_text="o-ga.jpg")).to_contain_text("Chờ gửi")
    page.get_by_role("button", name="Gửi phản ánh").click()
    expect(page.get_by_text("Phản ánh đã được lưu nháp")).to_be_visible()
    expect(page.get_by_text("Bạn đang ngoại tuyến")).to_be_visible()
    saved = page.evaluate("() => JSON.parse(localStorage.getItem('phananh.draft'))")
    assert saved["description"].endswith("vào ban đêm") and saved["pendingSince"]

    # Back online later, even after the page was closed: the draft and its photo are still there.
    context.set_offline(False)
    page.reload()
    expect(page.get_by_label("Mô tả")).to_have_value(typed)
    expect(page.locator(".photo", has_text="o-ga.jpg")).to_contain_text("Chờ gửi")
    page.get_by_role("button", name="Gửi bản nháp").click()
    code = tracking_code(page)
    api = local_system.outputs["api_url"]
    token = page.evaluate("() => JSON.parse(localStorage.getItem('phananh.mine'))[0].access_token")
    own = requests.get(f"{api}/v1/reports/{code}", headers={"X-Access-Token": token}, timeout=10).json()
    assert own["description"] == typed
    assert len(own["photos"]) == 1
    assert page.evaluate("() => localStorage.getItem('phananh.draft')") is None


def test_what_was_typed_survives_a_reload(new_context: Any) -> None:
    page = new_context().new_page()
    page.goto("/new")
    page.get_by_label("Mô tả").fill("Rác thải đổ trộm ven kênh, bốc mùi")
    page.get_by_label("Họ tên").fill("Lê Thị Hoa")
    page.reload()
    expect(page.get_by_label("Mô tả")).to_have_value("Rác thải đổ trộm ven kênh, bốc mùi")
    expect(page.get_by_label("Họ tên")).to_have_value("Lê Thị Hoa")


def test_the_api_error_is_shown_next_to_its_field(new_context: Any) -> None:
    page = new_context().new_page()
    fill_report(page, "Ngắn")  # the API wants at least 10 characters
    page.get_by_label("Số điện thoại").fill("gọi tôi")
    page.get_by_role("button", name="Gửi phản ánh").click()
    for field in ("Mô tả", "Số điện thoại"):
        control = page.get_by_label(field)
        expect(control).to_have_attribute("aria-invalid", "true")
        message = page.locator(f"#{control.get_attribute('aria-describedby').split()[-1]}")  # type: ignore[union-attr]
        expect(message).to_contain_text("Dữ liệu gửi lên không hợp lệ")
    expect(page.get_by_label("Mô tả")).to_be_focused()
    expect(page.get_by_label("Mô tả")).to_have_value("Ngắn")  # nothing typed is lost


def test_the_english_switch(new_context: Any) -> None:
    page = new_context().new_page()
    page.goto("/")
    page.get_by_role("button", name="Switch to English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="New report").click()
    expect(page.get_by_role("heading", name="Send a new report")).to_be_visible()
    expect(page.get_by_label("Description")).to_be_visible()
    expect(page.get_by_role("button", name="Send report")).to_be_visible()
    page.reload()  # the choice is remembered
    expect(page.get_by_role("button", name="Use my location")).to_be_visible()
    page.get_by_role("button", name="Chuyển sang tiếng Việt").click()
    expect(page.get_by_role("button", name="Gửi phản ánh")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "vi")


def test_open_reports_nearby_are_offered_before_filing_a_twin(
    local_system: Running, new_context: Any
) -> None:
    api = local_system.outputs["api_url"]
    existing = requests.post(
        f"{api}/v1/reports",
        json={
            "description": "Trụ điện nghiêng trước nhà văn hóa khóm 3",
            "category": "dien",
            "location": {"lat": 9.1776, "lon": 105.1531},
        },
        timeout=10,
    ).json()["id"]
    page = new_context().new_page()
    fill_report(page, "Cột điện nghiêng, sợ đổ khi có gió lớn")
    nearby = page.get_by_role("complementary", name="Đã có người phản ánh")
    expect(nearby).to_be_visible()
    nearby.get_by_role("link", name=f"Theo dõi {existing}").click()
    expect(page.get_by_role("heading", name=existing)).to_be_visible()
