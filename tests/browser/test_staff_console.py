"""The staff console against the real local stack: a triage report classified and assigned by the operator,
accepted and answered by the agency, published by the operator, read by the citizen; another agency never
sees it; a stale version gets the conflict message; the leader's figures are the API's; an admin's webhook
secret is shown once; a first sign-in sets a new password."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import requests
from playwright.sync_api import Page, expect

from tests.browser.citizen import until
from tests.browser.staff import TABLET, file_report, idp, open_when_listed, routed, sign_in
from tests.e2e.conftest import Running
from tests.e2e.test_casework_flow import id_token
from tests.images import jpeg_with_gps

pytestmark = pytest.mark.e2e


def operator_classifies_and_assigns(operator: Page, api: str, code: str) -> None:
    expect(operator).to_have_url(f"{api}/staff/queue/triage")
    expect(operator.get_by_role("heading", name="Cần phân loại")).to_be_visible()
    open_when_listed(operator, code)
    expect(operator.get_by_text("0913000333")).to_have_attribute("href", "tel:0913000333")
    # "Khác" has no routing rule: classifying keeps it in triage, then the operator picks the agency.
    operator.get_by_label("Lĩnh vực", exact=True).select_option("khac")
    operator.get_by_label("Mức độ").select_option("urgent")
    operator.get_by_role("button", name="Phân loại").click()
    expect(operator.get_by_role("status")).to_have_text("Đã lưu.")
    operator.get_by_label("Cơ quan xử lý").select_option("dien-luc")
    operator.get_by_role("button", name="Chuyển xử lý").click()
    expect(operator.get_by_test_id("staff-status")).to_have_text("Đã chuyển xử lý")
    expect(operator.get_by_role("button", name="Tiếp nhận")).to_have_count(0)  # only what the API allows


def emailed_path(outputs: dict[str, Any], code: str) -> str:
    """The path of the console link in the agency's email about the report."""
    link = re.compile(rf"https?://\S+/staff/r/{code}")

    def emailed() -> list[str]:
        inbox = requests.get(outputs["inbox_url"], params={"format": "json"}, timeout=10).json()
        return [found for item in inbox for found in link.findall(str(item["body"]))]

    until(lambda: bool(emailed()), 30, "the agency's email with the console link")
    return "/" + emailed()[0].split("//", 1)[1].split("/", 1)[1]


def agency_accepts_and_answers(agency: Page, outputs: dict[str, Any], code: str, answer: str) -> None:
    expect(agency.get_by_role("heading", level=1)).to_contain_text(code)  # the email's link, after sign-in
    agency.get_by_role("link", name="Hộp việc").click()
    open_when_listed(agency, code)
    agency.get_by_role("button", name="Tiếp nhận").click()
    expect(agency.get_by_test_id("staff-status")).to_have_text("Đang xử lý")
    agency.get_by_label("Nội dung trả lời").fill(answer)
    agency.get_by_label("Ảnh kết quả xử lý").set_input_files(
        files=[{"name": "da-don.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps((1200, 900))}]
    )
    expect(agency.get_by_role("progressbar", name="da-don.jpg")).to_have_attribute("value", "1")
    agency.get_by_role("button", name="Gửi trả lời").click()
    expect(agency.get_by_test_id("staff-status")).to_have_text("Đã có kết quả, chờ công khai")
    headers = {"Authorization": f"Bearer {id_token(outputs, 'dienluc1')}"}
    stored = requests.get(f"{outputs['api_url']}/v1/staff/reports/{code}", headers=headers, timeout=10).json()
    assert (stored["agency_answer"], len(stored["answer_photos"])) == (answer, 1)


def another_agency_cannot_see(other: Page, api: str, code: str) -> None:
    """Not in its list, and its URL is a not-found page."""
    expect(other).to_have_url(f"{api}/staff/queue/inbox")
    expect(other.get_by_role("heading", name="Hộp việc")).to_be_visible()
    expect(other.get_by_role("link", name=code)).to_have_count(0)
    other.get_by_label("Tìm phản ánh").fill(code)
    other.get_by_label("Tìm phản ánh").press("Enter")
    expect(other.get_by_role("heading", name="Không tìm thấy phản ánh")).to_be_visible()


def operator_publishes(operator: Page, code: str, answer: str) -> None:
    operator.get_by_role("link", name="Chờ công khai").click()
    open_when_listed(operator, code)
    expect(operator.get_by_label("Nội dung công khai (có thể sửa)")).to_have_value(answer)
    operator.get_by_role("button", name="Công khai").click()
    expect(operator.get_by_test_id("staff-status")).to_have_text("Đã trả lời")
    # Published: the console shows the answer's photo as the public sees it.
    expect(operator.get_by_role("img", name="Ảnh kết quả xử lý 1")).to_be_visible()


def citizen_sees_the_answer_photo(citizen: Page, code: str) -> None:
    """A thumbnail of the cleaned copy, linking to the full photo (the worker may still be at it: reload)."""
    thumb = citizen.get_by_role("img", name="Ảnh kết quả xử lý 1")
    until(lambda: thumb.count() == 1, 30, "the answer's photo on the track page", step=citizen.reload)
    loaded = "img => img.complete ? img.naturalWidth : 0"
    until(lambda: thumb.evaluate(loaded) > 0, 10, "the thumbnail to load")
    assert thumb.evaluate(loaded) == 320  # the thumbnail, not the full copy
    full = citizen.get_by_role("link").filter(has=thumb).get_attribute("href") or ""
    assert "size=thumb" not in full
    photo = requests.get(full, timeout=10)
    assert photo.headers["Content-Type"] == "image/jpeg"
    assert b"Exif" not in photo.content


def test_triage_assign_accept_answer_publish_and_the_citizen_reads_it(
    local_system: Running, new_context: Any
) -> None:
    outputs = local_system.outputs
    api = outputs["api_url"]
    code = file_report(api, "Có vật lạ chắn ngang lối đi trước chợ Cà Mau từ sáng nay")
    answer = "Đã cho dọn vật cản, lối đi trước chợ thông thoáng trở lại."

    operator = sign_in(new_context(viewport=TABLET), "operator1")
    operator_classifies_and_assigns(operator, api, code)
    agency = sign_in(new_context(viewport=TABLET), "dienluc1", path=emailed_path(outputs, code))
    agency_accepts_and_answers(agency, outputs, code, answer)
    another_agency_cannot_see(sign_in(new_context(viewport=TABLET), "xaydung1"), api, code)
    operator_publishes(operator, code, answer)

    citizen = new_context().new_page()
    citizen.goto(f"/r/{code}")
    expect(citizen.get_by_test_id("status")).to_have_text("Đã trả lời")
    expect(citizen.get_by_text(answer)).to_be_visible()
    citizen_sees_the_answer_photo(citizen, code)

    # Signing out forgets the session: the console asks to sign in again.
    operator.get_by_role("button", name="Đăng xuất").click()
    expect(operator.get_by_label("Tên đăng nhập")).to_be_visible()
    assert operator.evaluate("() => sessionStorage.length") == 0
    assert operator.context.cookies() == []


def test_a_stale_version_shows_the_conflict_and_keeps_the_typing(
    local_system: Running, new_context: Any
) -> None:
    api = local_system.outputs["api_url"]
    code = file_report(api, "Đèn đường hỏng ở hẻm 12, tối đi lại rất nguy hiểm", category="dien")
    page = sign_in(new_context(viewport=TABLET), "dienluc1")
    open_when_listed(page, code)
    reason = "Đèn đường trong hẻm do phường quản lý, không phải điện lực."
    page.get_by_label("Lý do trả lại").fill(reason)

    # Meanwhile a colleague accepts it.
    token = id_token(local_system.outputs, "dienluc1")
    headers = {"Authorization": f"Bearer {token}"}
    version = requests.get(f"{api}/v1/staff/reports/{code}", headers=headers, timeout=10).json()["version"]
    done = requests.post(
        f"{api}/v1/staff/reports/{code}/actions",
        json={"type": "accept", "version": version},
        headers=headers,
        timeout=10,
    )
    assert done.status_code == 200, done.text

    page.get_by_role("button", name="Trả lại").click()
    expect(page.get_by_text("Phản ánh vừa được người khác cập nhật.")).to_be_visible()
    expect(page.get_by_test_id("staff-status")).to_have_text("Đang xử lý")  # reloaded
    expect(page.get_by_label("Lý do trả lại")).to_have_value(reason)  # kept
    # Now in progress, the agency may note its progress (the answer form came with it).
    expect(page.get_by_label("Nội dung trả lời")).to_be_visible()
    page.get_by_label("Nội dung ghi chú").fill("Đã gọi cho người phản ánh, hẹn kiểm tra chiều nay.")
    page.get_by_label("Đang chờ người dân (tạm dừng tính hạn)").check()
    page.get_by_role("button", name="Ghi chú").click()
    expect(page.get_by_role("status")).to_have_text("Đã lưu.")
    expect(page.get_by_text("Chờ người dân", exact=True)).to_be_visible()


def test_the_leaders_on_time_rate_is_the_apis(local_system: Running, new_context: Any) -> None:
    api = local_system.outputs["api_url"]
    page = sign_in(new_context(viewport=TABLET), "leader1")
    expect(page).to_have_url(f"{api}/staff/dashboard")
    expect(page.get_by_role("heading", name="Thống kê")).to_be_visible()
    period = page.get_by_label("Kỳ (tháng)").input_value()
    token = id_token(local_system.outputs, "leader1")
    headers = {"Authorization": f"Bearer {token}"}
    found = requests.get(f"{api}/v1/staff/stats", params={"period": period}, headers=headers, timeout=10)
    stats = found.json()
    rate = stats["province"]["on_time_rate"]
    shown = "—" if rate is None else f"{round(rate * 1000) / 10:g}%"
    expect(page.get_by_test_id("figure-on_time")).to_have_text(shown)
    expect(page.get_by_test_id("figure-received")).to_have_text(str(stats["province"]["received"]))
    expect(page.get_by_role("region", name="Bản đồ phản ánh đang mở và quá hạn")).to_be_visible()
    expect(page.get_by_role("table", name="Theo tháng: tiếp nhận / đã trả lời")).to_contain_text(period)
    with page.expect_download() as download:
        page.get_by_role("button", name="Tải CSV").click()
    assert download.value.suggested_filename == f"thong-ke-{period}.csv"
    page.get_by_test_id("figure-received").click()
    expect(page.get_by_role("heading", name="Các phản ánh của chỉ số")).to_be_visible()
    expect(page.get_by_text(f"{stats['province']['received']} phản ánh")).to_be_visible()


def test_an_admin_registers_a_webhook_and_sees_the_secret_once(
    local_system: Running, new_context: Any
) -> None:
    # The demo receiver (the local profile allows plain http to the receivers the run started only); no
    # report of this agency's category is filed by the tests, so nothing is ever delivered there.
    url = f"{local_system.outputs['demo_webhook_url']}/console-test-hook"
    page = sign_in(new_context(viewport=TABLET), "admin1")
    card = page.get_by_role("article", name="Sở Văn hóa, Thể thao và Du lịch")
    field = card.get_by_label("Địa chỉ nhận webhook (https)")
    field.fill("ftp://example.vn/hook")
    card.get_by_role("button", name="Đăng ký webhook").click()
    expect(field).to_have_attribute("aria-invalid", "true")  # the API's refusal, beside the field
    field.fill(url)
    card.get_by_role("button", name="Đăng ký webhook").click()
    expect(card.get_by_test_id("webhook-secret")).to_have_text(re.compile(r"^whsec_"))
    expect(card.get_by_text(url)).to_be_visible()
    page.reload()
    card = page.get_by_role("article", name="Sở Văn hóa, Thể thao và Du lịch")
    expect(card.get_by_text(url)).to_be_visible()
    expect(page.get_by_test_id("webhook-secret")).to_have_count(0)  # shown once


def test_a_first_sign_in_sets_a_new_password(local_system: Running, new_context: Any) -> None:
    outputs = local_system.outputs
    client = idp(outputs)
    client.admin_create_user(
        UserPoolId=outputs["user_pool_id"],
        Username="leader2",
        TemporaryPassword="Tam#Thoi2026",
        MessageAction="SUPPRESS",
    )
    client.admin_add_user_to_group(UserPoolId=outputs["user_pool_id"], Username="leader2", GroupName="leader")
    page = sign_in(new_context(viewport=TABLET), "leader2", password="Tam#Thoi2026")
    expect(page.get_by_role("heading", name="Đặt mật khẩu mới")).to_be_visible()
    page.get_by_label("Mật khẩu mới", exact=True).fill("Rieng#Cua2026")
    page.get_by_label("Nhập lại mật khẩu mới").fill("Rieng#Cua2026")
    page.get_by_role("button", name="Đặt mật khẩu").click()
    expect(page.get_by_role("heading", name="Thống kê")).to_be_visible()


def operator_files_by_phone(page: Page) -> str:
    page.get_by_role("link", name="Tạo phản ánh").click()
    # Nothing typed: the API's errors, beside the fields.
    page.get_by_role("button", name="Tạo phản ánh").click()
    expect(page.get_by_label("Nội dung")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("Nội dung").fill("Người gọi báo cây đổ chắn đường Lý Thường Kiệt, xe không qua được")
    page.get_by_label("Địa chỉ").fill("Đường Lý Thường Kiệt")
    page.get_by_label("Vĩ độ").fill("9.1771")
    page.get_by_label("Kinh độ").fill("105.1522")
    page.get_by_label("Số điện thoại").fill("0913000444")
    page.get_by_role("button", name="Tạo phản ánh").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Phản ánh PA-")
    expect(page.get_by_role("link", name="0913000444")).to_have_attribute("href", "tel:0913000444")
    return page.get_by_role("heading", level=1).inner_text().split()[-1]


def operator_merges(page: Page, second: str, first: str) -> None:
    page.get_by_label("Tìm phản ánh").fill(second)
    page.get_by_role("button", name="Mở").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(second)
    page.get_by_label("Gộp vào phản ánh").fill(first)
    page.get_by_role("button", name="Gộp").click()
    expect(page.get_by_role("status")).to_have_text("Đã lưu.")


def operator_rejects_hides_and_reopens(page: Page, code: str) -> None:
    page.goto(f"/staff/r/{code}")
    page.get_by_role("button", name="Từ chối").click()
    expect(page.get_by_label("Lý do từ chối")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("Lý do từ chối").select_option("spam")
    page.get_by_role("button", name="Từ chối").click()
    expect(page.get_by_test_id("staff-status")).to_have_text("Không tiếp nhận")
    page.get_by_label("Lý do ẩn").fill("Nội dung thử máy, không phải phản ánh")
    page.get_by_role("button", name="Ẩn").click()
    expect(page.get_by_role("status")).to_have_text("Đã lưu.")
    page.get_by_label("Lý do mở lại").fill("Người gọi xác nhận có sự việc thật")
    page.get_by_role("button", name="Mở lại").click()
    expect(page.get_by_test_id("staff-status")).not_to_have_text("Không tiếp nhận")


def test_the_operator_files_a_hotline_report_and_rejects_merges_hides_and_reopens(
    local_system: Running, new_context: Any
) -> None:
    outputs = local_system.outputs
    token = id_token(outputs, "operator1")
    page = sign_in(new_context(viewport=TABLET), "operator1")
    first = operator_files_by_phone(page)
    # A second call about the same tree: merged into the first.
    second = file_report(outputs["api_url"], "Cây đổ chắn ngang đường Lý Thường Kiệt từ tối qua, chưa ai dọn")
    routed(outputs, second, token)
    operator_merges(page, second, first)
    # A prank call: rejected with a reason, hidden, then reopened.
    prank = file_report(outputs["api_url"], "Alo alo thử máy thôi, không có gì đâu ạ, cảm ơn")
    routed(outputs, prank, token)
    operator_rejects_hides_and_reopens(page, prank)


def test_a_user_with_an_authenticator_app_answers_the_totp_challenge(
    local_system: Running, new_context: Any
) -> None:
    outputs = local_system.outputs
    client, pool = idp(outputs), outputs["user_pool_id"]
    client.admin_create_user(UserPoolId=pool, Username="leader3", MessageAction="SUPPRESS")
    client.admin_set_user_password(
        UserPoolId=pool, Username="leader3", Password="Lanh#Dao2026", Permanent=True
    )
    client.admin_add_user_to_group(UserPoolId=pool, Username="leader3", GroupName="leader")
    access = client.initiate_auth(
        ClientId=outputs["user_pool_client_id"],
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "leader3", "PASSWORD": "Lanh#Dao2026"},
    )["AuthenticationResult"]["AccessToken"]
    client.associate_software_token(AccessToken=access)
    client.verify_software_token(AccessToken=access, UserCode="123456")  # the emulator takes any code
    client.admin_set_user_mfa_preference(
        UserPoolId=pool, Username="leader3", SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True}
    )
    page = sign_in(new_context(viewport=TABLET), "leader3", password="Lanh#Dao2026")
    expect(page.get_by_role("heading", name="Xác thực hai bước")).to_be_visible()
    page.get_by_label("Mã xác thực (6 số)").fill("123456")
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_role("heading", name="Thống kê")).to_be_visible()


def test_an_admin_sees_an_uploaded_outline_on_the_map_before_saving_it(
    local_system: Running, new_context: Any
) -> None:
    ring = [[105.30, 9.30], [105.32, 9.30], [105.32, 9.32], [105.30, 9.32], [105.30, 9.30]]
    outline = {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}}
    page = sign_in(new_context(viewport=TABLET), "admin1")
    page.get_by_label("Mã", exact=True).fill("xa-thu-nghiem")
    page.get_by_label("Tên xã/phường").fill("Xã Thử Nghiệm")
    files = page.get_by_label("Tệp ranh giới (GeoJSON)")
    files.set_input_files(files=[{"name": "x.geojson", "mimeType": "application/json", "buffer": b"{oops"}])
    expect(page.get_by_text("Tệp không có ranh giới Polygon/MultiPolygon hợp lệ.")).to_be_visible()
    body = json.dumps(outline).encode()
    files.set_input_files(files=[{"name": "x.geojson", "mimeType": "application/json", "buffer": body}])
    preview = page.get_by_role("region", name="Xem trước ranh giới")
    expect(preview.locator("path.area")).to_have_count(1)
    page.get_by_role("button", name="Lưu xã/phường").click()
    expect(page.get_by_role("listitem").filter(has_text="Xã Thử Nghiệm")).to_be_visible()
    token = id_token(local_system.outputs, "admin1")
    headers = {"Authorization": f"Bearer {token}"}
    api = local_system.outputs["api_url"]
    areas = requests.get(f"{api}/v1/admin/areas", headers=headers, timeout=10).json()["items"]
    assert any(a["code"] == "xa-thu-nghiem" for a in areas)


def test_an_admin_adds_an_agency_with_its_emails(local_system: Running, new_context: Any) -> None:
    page = sign_in(new_context(viewport=TABLET), "admin1")
    page.get_by_label("Mã cơ quan").fill("so-tu-phap")
    page.get_by_label("Tên cơ quan").last.fill("Sở Tư pháp")
    emails = page.get_by_label("Email nhận thông báo (mỗi dòng một địa chỉ)").last
    emails.fill("stp@camau.gov.vn\nvanthu@camau.gov.vn")
    page.get_by_role("button", name="Thêm cơ quan").click()
    card = page.get_by_role("article", name="Sở Tư pháp")
    expect(card).to_contain_text("stp@camau.gov.vn, vanthu@camau.gov.vn")
    page.reload()
    expect(page.get_by_role("article", name="Sở Tư pháp")).to_be_visible()


def test_an_admin_adds_a_question_to_a_category(local_system: Running, new_context: Any) -> None:
    page = sign_in(new_context(viewport=TABLET), "admin1")
    page.get_by_role("button", name="Sửa Chất lượng dịch vụ du lịch").click()
    form = page.get_by_role("form", name="Sửa du_lich")
    form.get_by_role("button", name="Thêm câu hỏi").click()
    question = form.get_by_role("group").last
    question.get_by_label("Mã", exact=False).fill("ten_diem_du_lich")
    question.get_by_label("Tên tiếng Việt").fill("Tên điểm du lịch")
    question.get_by_label("Tên tiếng Anh").fill("Name of the site")
    question.get_by_label("Bắt buộc").check()
    form.get_by_label("Hạn trả lời (ngày làm việc)").fill("4")
    form.get_by_role("button", name="Lưu").click()
    expect(form).to_have_count(0)
    categories = requests.get(f"{local_system.outputs['api_url']}/v1/categories", timeout=10).json()
    tourism = next(c for c in categories if c["code"] == "du_lich")
    asked = {f["code"]: f for f in tourism["fields"]}
    assert asked["ten_diem_du_lich"]["name_vi"] == "Tên điểm du lịch"
    assert asked["ten_diem_du_lich"]["required"] is True


def test_an_admin_sets_a_categorys_deadline_for_urgent_reports(
    local_system: Running, new_context: Any
) -> None:
    page = sign_in(new_context(viewport=TABLET), "admin1")
    page.get_by_role("button", name="Sửa Chất lượng dịch vụ du lịch").click()
    form = page.get_by_role("form", name="Sửa du_lich")
    form.get_by_label("Khẩn — số giờ làm việc để tiếp nhận").fill("4")
    form.get_by_label("Khẩn — số ngày làm việc để trả lời").fill("2")
    form.get_by_role("button", name="Lưu").click()
    expect(form).to_have_count(0)

    page.reload()
    page.get_by_role("button", name="Sửa Chất lượng dịch vụ du lịch").click()
    expect(form.get_by_label("Khẩn — số ngày làm việc để trả lời")).to_have_value("2")
    expect(form.get_by_label("Khẩn — số giờ làm việc để tiếp nhận")).to_have_value("4")
    expect(form.get_by_label("Bình thường — số ngày làm việc để trả lời")).to_have_value("")
    headers = {"Authorization": f"Bearer {id_token(local_system.outputs, 'admin1')}"}
    categories = requests.get(
        f"{local_system.outputs['api_url']}/v1/admin/categories", headers=headers, timeout=10
    ).json()["items"]
    tourism = next(c for c in categories if c["code"] == "du_lich")
    assert tourism["deadlines"] == {"urgent": {"accept_hours": 4, "answer_days": 2}}
