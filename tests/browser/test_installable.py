"""Installable and patient: a manifest, a service worker that keeps the app shell, so the report form opens
again with no connection and still holds what was typed."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_the_form_opens_offline_with_what_was_typed(new_context: Any) -> None:
    context = new_context(service_workers="allow")
    page = context.new_page()
    page.goto("/new")
    manifest = page.locator("link[rel=manifest]").get_attribute("href")
    assert manifest == "/manifest.webmanifest"
    page.wait_for_function("async () => !!(await navigator.serviceWorker.ready).active")
    page.reload()  # now under the worker's control
    page.wait_for_function("() => !!navigator.serviceWorker.controller")
    page.get_by_label("Mô tả").fill("Nước ngập sâu cả con hẻm sau cơn mưa chiều nay")

    context.set_offline(True)
    page.reload()
    expect(page.get_by_role("button", name="Gửi phản ánh")).to_be_visible()
    expect(page.get_by_label("Mô tả")).to_have_value("Nước ngập sâu cả con hẻm sau cơn mưa chiều nay")
    expect(page.get_by_text("Bạn đang ngoại tuyến")).to_be_visible()
    context.set_offline(False)
