"""A pool that requires MFA: a new staff member's first sign-in sets a password, then enrols an
authenticator app (the secret shown as text and as an otpauth:// link, the app's first code confirms it);
the next sign-in asks for the app's code. The emulator's pool is switched to MFA ON for this test only."""

from __future__ import annotations

import base64
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.hashes import SHA1
from cryptography.hazmat.primitives.twofactor.totp import TOTP
from playwright.sync_api import Page, expect

from tests.browser.conftest import axe_source
from tests.browser.staff import TABLET, idp, sign_in
from tests.browser.test_staff_accessibility import AXE_RUN
from tests.e2e.conftest import Running

pytestmark = pytest.mark.e2e
SHOTS = Path(tempfile.gettempdir())


def code_for(secret: str) -> str:
    """What an authenticator app shows now for this base32 secret (RFC 6238: SHA-1, 6 digits, 30 s)."""
    key = secret.replace(" ", "").upper()
    key += "=" * (-len(key) % 8)
    totp = TOTP(base64.b32decode(key), 6, SHA1(), 30, enforce_key_length=False)  # noqa: S303 - RFC 6238
    return totp.generate(time.time()).decode()


@pytest.fixture
def mfa_required(local_system: Running) -> Iterator[Any]:
    client, pool = idp(local_system.outputs), local_system.outputs["user_pool_id"]
    before = client.get_user_pool_mfa_config(UserPoolId=pool)
    client.set_user_pool_mfa_config(
        UserPoolId=pool, SoftwareTokenMfaConfiguration={"Enabled": True}, MfaConfiguration="ON"
    )
    try:
        yield client
    finally:
        kept = {k: before[k] for k in ("SoftwareTokenMfaConfiguration",) if before.get(k)}
        client.set_user_pool_mfa_config(UserPoolId=pool, MfaConfiguration=before["MfaConfiguration"], **kept)


def enrols(page: Page) -> str:
    expect(page.get_by_role("heading", name="Cài đặt xác thực hai bước")).to_be_visible()
    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    link = page.get_by_role("link", name="Mở trong ứng dụng xác thực (otpauth://)")
    href = link.get_attribute("href") or ""
    assert href.startswith("otpauth://totp/") and f"secret={secret}" in href and ":leader4?" in href
    qr = page.get_by_role("img", name="Mã QR để thêm tài khoản vào ứng dụng xác thực")
    expect(qr).to_be_visible()
    assert qr.evaluate("svg => svg.querySelector('path').getAttribute('d').split('z').length") > 100
    return secret


def test_a_first_sign_in_enrols_an_authenticator_app(
    local_system: Running, new_context: Any, mfa_required: Any
) -> None:
    outputs = local_system.outputs
    mfa_required.admin_create_user(
        UserPoolId=outputs["user_pool_id"],
        Username="leader4",
        TemporaryPassword="Tam#Thoi2026",
        MessageAction="SUPPRESS",
    )
    mfa_required.admin_add_user_to_group(
        UserPoolId=outputs["user_pool_id"], Username="leader4", GroupName="leader"
    )
    # axe is injected as an inline script, which the page's own CSP rightly refuses: bypassed here only.
    page = sign_in(new_context(viewport=TABLET, bypass_csp=True), "leader4", password="Tam#Thoi2026")
    page.get_by_label("Mật khẩu mới", exact=True).fill("Rieng#Cua2026")
    page.get_by_label("Nhập lại mật khẩu mới").fill("Rieng#Cua2026")
    page.get_by_role("button", name="Đặt mật khẩu").click()
    secret = enrols(page)
    page.screenshot(path=str(SHOTS / "staff-mfa-setup.png"), full_page=True)
    page.add_script_tag(content=axe_source())
    assert page.evaluate(AXE_RUN) == []
    page.get_by_label("Mã xác thực (6 số)").fill(code_for(secret))
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_role("heading", name="Thống kê")).to_be_visible()

    # Enrolled: the next sign-in asks for the app's code.
    page.get_by_role("button", name="Đăng xuất").click()
    again = sign_in(new_context(viewport=TABLET), "leader4", password="Rieng#Cua2026")
    expect(again.get_by_role("heading", name="Xác thực hai bước")).to_be_visible()
    again.get_by_label("Mã xác thực (6 số)").fill(code_for(secret))
    again.get_by_role("button", name="Xác nhận").click()
    expect(again.get_by_role("heading", name="Thống kê")).to_be_visible()
