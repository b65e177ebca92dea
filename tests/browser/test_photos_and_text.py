"""Photos fail one by one, visibly; what people typed is shown as text, never run as HTML."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from playwright.sync_api import Route, expect

from tests.browser.citizen import fill_report, tracking_code
from tests.e2e.conftest import Running
from tests.images import jpeg_with_gps, png

pytestmark = pytest.mark.e2e


def test_a_photo_that_cannot_be_uploaded_says_so_and_the_report_still_goes(
    local_system: Running, new_context: Any
) -> None:
    page = new_context().new_page()
    fill_report(page, "Cống thoát nước bị tắc, nước tràn lên mặt đường")
    refused = {"count": 0}

    def storage(route: Route) -> None:  # the photo store refuses the first upload only
        if route.request.method == "POST" and refused["count"] == 0:
            refused["count"] += 1
            route.fulfill(status=403, body="<Error><Code>AccessDenied</Code></Error>")
        else:
            route.continue_()

    page.route(f"{local_system.outputs['aws_endpoint_url']}/**", storage)
    page.get_by_label("Ảnh").set_input_files(
        files=[
            {"name": "hong.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps((800, 600))},
            {"name": "tot.png", "mimeType": "image/png", "buffer": png((640, 480))},
        ]
    )
    failed = page.locator(".photo", has_text="hong.jpg")
    expect(failed.get_by_role("alert")).to_contain_text("Không tải lên được")
    expect(page.locator(".photo", has_text="tot.png")).to_contain_text("Đã tải lên")
    # The suggestion of the photo's own position stays available beside the browser's.
    expect(page.get_by_role("button", name="Dùng vị trí trong ảnh")).to_be_visible()
    failed.get_by_role("button", name="Thử lại").click()
    expect(failed).to_contain_text("Đã tải lên")
    page.get_by_role("button", name="Gửi phản ánh").click()
    code = tracking_code(page)
    token = page.evaluate("() => JSON.parse(localStorage.getItem('phananh.mine'))[0].access_token")
    own = requests.get(
        f"{local_system.outputs['api_url']}/v1/reports/{code}", headers={"X-Access-Token": token}, timeout=10
    ).json()
    assert len(own["photos"]) == 2


def test_what_people_typed_is_text_not_html(local_system: Running, new_context: Any) -> None:
    sneaky = (
        'Ống nước vỡ <img src=x onerror="window.pwned=1"> <b>gấp</b> <a href="javascript:alert(1)">xem</a>'
    )
    created = requests.post(
        f"{local_system.outputs['api_url']}/v1/reports",
        json={
            "description": sneaky,
            "category": "ha_tang_do_thi",
            "location": {"lat": 9.1771, "lon": 105.1526, "address": "<script>window.pwned=2</script>"},
        },
        timeout=10,
    )
    code = created.json()["id"]
    page = new_context().new_page()
    for path in (f"/r/{code}", "/"):
        page.goto(path)
        expect(page.get_by_text(sneaky).first).to_be_visible()
        assert page.locator("main img[src='x'], main b, main a[href^='javascript']").count() == 0
        assert page.evaluate("() => window.pwned") is None
    page.goto(f"/r/{code}")
    expect(page.get_by_text("<script>window.pwned=2</script>")).to_be_visible()
