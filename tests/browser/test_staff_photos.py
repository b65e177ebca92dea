"""Staff see the photos before anything is published: the agency that answered, and the operator who must
decide to publish, see the answer's photos (cleaned copies through the staff photo route); a photo the
worker refused is a placeholder saying so, never a broken image; another agency gets nothing."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
import requests
from playwright.sync_api import Page, expect

from tests.browser.citizen import until
from tests.browser.conftest import axe_source
from tests.browser.staff import TABLET, file_report, sign_in
from tests.browser.test_staff_accessibility import AXE_RUN
from tests.e2e.conftest import Running
from tests.e2e.test_casework_flow import id_token
from tests.images import jpeg_with_gps

pytestmark = pytest.mark.e2e
SHOTS = Path(tempfile.gettempdir())
LOADED = "img => img.complete ? img.naturalWidth : 0"


def uploaded(api: str, data: bytes) -> str:
    slot = requests.post(f"{api}/v1/uploads", json={"content_type": "image/jpeg"}, timeout=10).json()
    sent = requests.post(
        slot["url"], data=slot["fields"], files={"file": ("photo.jpg", data, "image/jpeg")}, timeout=10
    )
    assert sent.status_code in (200, 201, 204), sent.text
    return str(slot["upload_id"])


def answered_with_a_good_and_a_bad_photo(outputs: dict[str, Any], code: str) -> dict[str, Any]:
    """The agency accepts and resolves through the API with two photos; the worker refuses the second."""
    api = outputs["api_url"]
    headers = {"Authorization": f"Bearer {id_token(outputs, 'dienluc1')}"}
    url = f"{api}/v1/staff/reports/{code}"

    def view() -> dict[str, Any]:
        return dict(requests.get(url, headers=headers, timeout=10).json())

    until(lambda: view().get("status") == "assigned", 30, f"{code} assigned to dien-luc")
    photos = [uploaded(api, jpeg_with_gps((1200, 900))), uploaded(api, b"not a photo at all")]
    for action in ({"type": "accept"}, {"type": "resolve", "answer": "Đã thay dây mới.", "photos": photos}):
        done = requests.post(
            f"{url}/actions", json={**action, "version": view()["version"]}, headers=headers, timeout=10
        )
        assert done.status_code == 200, done.text

    def checked() -> bool:
        states = view().get("photo_status", {})
        return all(states.get(photo, {}).get("status", "pending") != "pending" for photo in photos)

    until(checked, 30, "the worker's verdict on the answer's photos")
    return view()


def shows_the_photos(page: Page, code: str) -> None:
    page.goto(f"/staff/r/{code}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)
    own, answer = (
        page.get_by_role("img", name=name, exact=True) for name in ("Ảnh 1", "Ảnh kết quả xử lý 1")
    )
    for image in (own, answer):
        expect(image).to_be_visible()
        until(lambda image=image: image.evaluate(LOADED) > 0, 15, "the photo to load")
    assert answer.evaluate(LOADED) == 320  # the thumbnail
    refused = page.get_by_test_id("photo-placeholder").filter(has_text="Ảnh kết quả xử lý 2")
    expect(refused).to_contain_text("Ảnh bị từ chối")
    expect(page.get_by_role("img", name="Ảnh kết quả xử lý 2")).to_have_count(0)
    page.get_by_role("button", name="Phóng to Ảnh kết quả xử lý 1").click()
    large = page.locator("figure.photo-large").get_by_role("img", name="Ảnh kết quả xử lý 1")
    until(lambda: large.evaluate(LOADED) == 1200, 15, "the full cleaned copy")


def test_staff_see_answer_photos_before_publishing_and_a_refused_one_says_so(
    local_system: Running, new_context: Any
) -> None:
    outputs = local_system.outputs
    api = outputs["api_url"]
    headers = {"Authorization": f"Bearer {id_token(outputs, 'operator1')}"}
    photo = uploaded(api, jpeg_with_gps((800, 600)))
    code = file_report(api, "Cột điện nghiêng sát mái nhà, sợ đổ khi mưa to", "dien", (photo,))
    view = answered_with_a_good_and_a_bad_photo(outputs, code)
    assert view["status"] == "resolved" and view["answer"] is None  # nothing published yet
    answer_photo = view["answer_photos"][0]
    photo_url = f"{api}/v1/staff/reports/{code}/photos/{answer_photo}"
    full = requests.get(photo_url, headers=headers, timeout=10)
    assert (full.status_code, full.headers["Content-Type"]) == (200, "image/jpeg"), full.text[:500]
    assert b"Exif" not in full.content  # the cleaned copy, never the upload
    other = {"Authorization": f"Bearer {id_token(outputs, 'xaydung1')}"}
    assert requests.get(photo_url, headers=other, timeout=10).status_code == 404
    assert requests.get(photo_url, timeout=10).status_code == 401
    refused = requests.get(
        f"{api}/v1/staff/reports/{code}/photos/{view['answer_photos'][1]}", headers=headers, timeout=10
    )
    assert refused.status_code == 404 and "rejected" in refused.json()["error"]["message_en"]

    agency = sign_in(new_context(viewport=TABLET), "dienluc1")
    expect(agency.get_by_role("heading", name="Hộp việc")).to_be_visible()
    shows_the_photos(agency, code)  # under the page's own CSP: object URLs are allowed images

    # axe is injected as an inline script, which the page's own CSP rightly refuses: bypassed here only.
    operator = sign_in(new_context(viewport=TABLET, bypass_csp=True), "operator1")
    expect(operator.get_by_role("heading", name="Cần phân loại")).to_be_visible()
    shows_the_photos(operator, code)
    operator.screenshot(path=str(SHOTS / "staff-photos.png"), full_page=True)
    operator.add_script_tag(content=axe_source())
    assert operator.evaluate(AXE_RUN) == []


def test_a_photo_the_api_could_not_send_is_tried_again_then_offered_to_load_again(
    local_system: Running, new_context: Any
) -> None:
    """A busy API (503) is asked twice more; then the placeholder says so and offers to load it again."""
    outputs = local_system.outputs
    api = outputs["api_url"]
    photo = uploaded(api, jpeg_with_gps((800, 600)))
    code = file_report(api, "Dây điện võng thấp qua đường", "dien", (photo,))
    headers = {"Authorization": f"Bearer {id_token(outputs, 'operator1')}"}

    def checked() -> bool:
        view = requests.get(f"{api}/v1/staff/reports/{code}", headers=headers, timeout=10).json()
        return bool(view.get("photo_status", {}).get(photo, {}).get("status") == "ready")

    until(checked, 30, "the worker's verdict on the photo")
    operator = sign_in(new_context(viewport=TABLET), "operator1")
    expect(operator.get_by_role("heading", name="Cần phân loại")).to_be_visible()
    asked: list[str] = []

    def busy(route: Any) -> None:
        asked.append(route.request.url)
        route.fulfill(status=503, content_type="application/json", body='{"error": {"code": "unavailable"}}')

    operator.route(f"**/photos/{photo}*", busy)
    operator.goto(f"/staff/r/{code}")
    again = operator.get_by_role("button", name="Tải lại ảnh")
    expect(again).to_be_visible()
    assert len(asked) == 3  # the first try and two more
    expect(operator.get_by_test_id("photo-placeholder").filter(has_text="Ảnh 1")).to_contain_text(
        "Không tải được ảnh"
    )
    for width in (360, 1280):
        operator.set_viewport_size({"width": width, "height": 900})
        operator.screenshot(path=str(SHOTS / f"staff-photo-retry-{width}.png"), full_page=True)
    operator.unroute(f"**/photos/{photo}*")
    again.click()
    image = operator.get_by_role("img", name="Ảnh 1", exact=True)
    until(lambda: image.evaluate(LOADED) > 0, 15, "the photo to load")
