"""A citizen files a report with a photo and their position, gets a code, looks it up, sees it forwarded;
after the agency answers through the staff API, the reporter rates the answer in the browser."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.citizen import fill_report, tracking_code, until
from tests.e2e.conftest import Running
from tests.e2e.test_casework_flow import id_token

pytestmark = pytest.mark.e2e


def act(api: str, report_id: str, token: str, **action: Any) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"}
    view = requests.get(f"{api}/v1/staff/reports/{report_id}", headers=headers, timeout=10).json()
    response = requests.post(
        f"{api}/v1/staff/reports/{report_id}/actions",
        json={**action, "version": view["version"]},
        headers=headers,
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_report_track_and_rate(local_system: Running, new_context: Any) -> None:
    api = local_system.outputs["api_url"]
    context: BrowserContext = new_context()
    page = context.new_page()
    code, token = _file_with_photo_and_position(page, api)
    _look_up_until_assigned(page, code)

    # The agency accepts and answers; the operator publishes.
    stored = local_system.outputs
    agency, operator = id_token(stored, "dienluc1"), id_token(stored, "operator1")
    answer = "Điện lực Cà Mau đã dựng lại cột và căng lại dây điện."
    act(api, code, agency, type="accept")
    act(api, code, agency, type="resolve", answer=answer)
    act(api, code, operator, type="publish")

    _see_answer_and_rate(page, answer)
    rating = requests.get(f"{api}/v1/reports/{code}", headers={"X-Access-Token": token}, timeout=10).json()
    assert rating["rating"]["satisfied"] is True and rating["rating"]["score"] == 5

    # The device remembers it.
    page.get_by_role("link", name="Phản ánh của tôi").click()
    mine = page.locator(".card", has=page.get_by_role("link", name=code))
    expect(mine).to_contain_text("Đã trả lời")


def _file_with_photo_and_position(page: Page, api: str) -> tuple[str, str]:
    """Files the report in the browser; returns its code and the access token the device kept."""
    fill_report(page, "Cột điện nghiêng sắp đổ trước cổng chợ, dây điện võng thấp", photo=True)
    expect(page.get_by_text("Đã tải lên")).to_be_visible()
    # The photo's own GPS is offered too (the position came from the browser first, so it stays a hint).
    page.get_by_label("Họ tên").fill("Phạm Văn Tư")
    page.get_by_label("Số điện thoại").fill("0913000222")
    page.get_by_role("button", name="Gửi phản ánh").click()
    code = tracking_code(page)

    # What the API got: the web channel, the photo, the browser's position, the contact kept private.
    token = page.evaluate("() => JSON.parse(localStorage.getItem('phananh.mine'))[0].access_token")
    own = requests.get(f"{api}/v1/reports/{code}", headers={"X-Access-Token": token}, timeout=10).json()
    assert own["channel"] == "web"
    assert len(own["photos"]) == 1
    assert (round(own["location"]["lat"], 4), round(own["location"]["lon"], 4)) == (9.1775, 105.153)
    assert own["reporter"]["phone"] == "0913000222"
    return code, str(token)


def _look_up_until_assigned(page: Page, code: str) -> None:
    """Looked up by its code: the routing worker forwards it to the power company within seconds."""
    page.goto("/r")
    page.get_by_label("Mã phản ánh").fill(code.lower().replace("-", ""))  # as a person types it
    page.get_by_role("button", name="Tra cứu").click()
    expect(page).to_have_url(f"{page.url.split('/r')[0]}/r/{code}")
    status = page.get_by_test_id("status")
    until(
        lambda: status.inner_text() == "Đã chuyển xử lý",
        30,
        "the report shown as assigned",
        step=lambda: page.get_by_role("button", name="Tra cứu").click(),
    )
    expect(page.get_by_text("Hạn trả lời")).to_be_visible()


def _see_answer_and_rate(page: Page, answer: str) -> None:
    page.reload()
    expect(page.get_by_test_id("status")).to_have_text("Đã trả lời")
    expect(page.get_by_text(answer)).to_be_visible()
    # The cleaned photo's thumbnail loads (a redirect to a presigned GET the page's CSP allows).
    thumbnail = page.get_by_role("img", name="Ảnh 1")
    expect(thumbnail).to_be_visible()
    page.wait_for_function("() => document.querySelector('.thumbs img')?.naturalWidth > 0")
    page.get_by_label("Hài lòng", exact=True).check()
    page.get_by_label("Điểm (1–5)").select_option("5")
    page.get_by_label("Góp ý").fill("Xử lý nhanh, cảm ơn.")
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_text("Bạn đã đánh giá: Hài lòng")).to_be_visible()
