"""What staff do in the console, as steps the tests share (accessible names only: they are a contract)."""

from __future__ import annotations

import re
from typing import Any

import boto3
import requests
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.citizen import until

PASSWORD = "PhanAnh#Demo2026"
TABLET = {"width": 1024, "height": 900}


def sign_in(context: BrowserContext, username: str, path: str = "/staff", password: str = PASSWORD) -> Page:
    page = context.new_page()
    page.goto(path)
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu", exact=True).fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    return page


def file_report(api: str, description: str, category: str = "khac", photos: tuple[str, ...] = ()) -> str:
    created = requests.post(
        f"{api}/v1/reports",
        json={
            "description": description,
            "category": category,
            "location": {"lat": 9.1769, "lon": 105.1524, "address": "Đường Trần Hưng Đạo"},
            "reporter": {"name": "Lê Thị Hoa", "phone": "0913000333"},
            "photos": list(photos),
        },
        timeout=10,
    )
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


def open_when_listed(page: Page, code: str, seconds: float = 30) -> None:
    """The routing worker files a report within seconds; the queue shows it on a reload."""
    link = page.get_by_role("link", name=code)
    loaded = page.get_by_text(re.compile(r"^Cập nhật lúc"))

    def listed() -> bool:
        expect(loaded).to_be_visible()  # the list has come back, whatever it holds
        return link.count() > 0

    until(listed, seconds, f"{code} in the queue", step=page.reload)
    link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)


def idp(outputs: dict[str, Any]) -> Any:
    return boto3.client(
        "cognito-idp",
        endpoint_url=outputs["aws_endpoint_url"],
        region_name=outputs["region"],
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def routed(outputs: dict[str, Any], code: str, token: str) -> None:
    """Waits for the routing worker to have taken the report (so the page reads its settled version)."""
    headers = {"Authorization": f"Bearer {token}"}

    def taken() -> bool:
        found = requests.get(f"{outputs['api_url']}/v1/staff/reports/{code}", headers=headers, timeout=10)
        return found.status_code == 200 and found.json()["status"] != "received"

    until(taken, 30, f"{code} routed")


def fits(page: Page, width: int) -> None:
    """At this window width the page needs no sideways scrolling (charts and maps follow a resize)."""
    page.set_viewport_size({"width": width, "height": 900})
    wide = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    until(lambda: bool(page.evaluate(wide)), 10, f"the page fits {width} px without sideways scrolling")
