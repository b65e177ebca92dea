"""What a citizen does in the app, as steps the tests share (accessible names only: they are a contract)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.images import jpeg_with_gps

CODE = re.compile(r"PA-[0-9A-Z]{4}-[0-9A-Z]{4}")


def fill_report(page: Page, description: str, *, category: str = "dien", photo: bool = False) -> None:
    page.goto("/new")
    page.get_by_label("Lĩnh vực", exact=True).select_option(category)
    page.get_by_label("Mô tả").fill(description)
    if photo:
        page.get_by_label("Ảnh").set_input_files(
            files=[{"name": "cot-dien.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps((1200, 900))}]
        )
        # The photo's own GPS (tests/images.py: 9°10'36.84" N, 105°9'8.64" E) is offered as a suggestion.
        expect(page.get_by_text("Ảnh có tọa độ 9.17690, 105.15240.")).to_be_visible()
        expect(page.get_by_role("button", name="Dùng vị trí trong ảnh")).to_be_visible()
    page.get_by_role("button", name="Dùng vị trí của tôi").click()
    expect(page.get_by_text("Đã chọn vị trí")).to_be_visible()
    page.get_by_label("Địa chỉ").fill("Đường Trần Hưng Đạo, phường An Xuyên")


def tracking_code(page: Page) -> str:
    shown = page.get_by_test_id("tracking-code")
    expect(shown).to_have_text(CODE)
    return shown.inner_text().strip()


def until(
    probe: Callable[[], bool], seconds: float, what: str, step: Callable[[], None] | None = None
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if probe():
            return
        if step:
            step()
        time.sleep(0.5)
    raise AssertionError(f"not within {seconds} s: {what}")
