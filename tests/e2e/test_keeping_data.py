"""`make run` keeps its data: stopped with Ctrl-C and started again, a report, its photo, the staff
sign-in and the deliveries are all there, and the start says what it restored; FRESH=1 starts from the
demo province again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import requests

from infra.local import launch
from tests.e2e.conftest import Running, start_local_system
from tests.e2e.test_casework_flow import id_token
from tests.e2e.test_local_system import eventually
from tests.images import jpeg_with_gps

pytestmark = pytest.mark.e2e


def restart(out_dir: Path, **settings: str) -> Running:
    (out_dir / "outputs.json").unlink()  # the runner writes it again once it is up
    try:
        return launch.start(out_dir, SWEEP_SECONDS="2", **settings)
    except RuntimeError as error:
        pytest.fail(str(error))


def file_with_photo(api: str) -> str:
    slot = requests.post(f"{api}/v1/uploads", json={"content_type": "image/jpeg"}, timeout=10).json()
    uploaded = requests.post(
        slot["url"], data=slot["fields"], files={"file": ("p.jpg", jpeg_with_gps(), "image/jpeg")}, timeout=10
    )
    assert uploaded.status_code in (200, 201, 204), uploaded.text
    created = requests.post(
        f"{api}/v1/reports",
        json={
            "description": "Cột điện nghiêng sau cơn bão, dây võng sát mặt đường",
            "category": "dien",
            "location": {"lat": 9.177, "lon": 105.15},
            "reporter": {"name": "Lê Văn Dũng", "phone": "0912000111"},
            "photos": [slot["upload_id"]],
        },
        timeout=10,
    )
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


def public_view(api: str, report_id: str) -> dict[str, Any] | None:
    answer = requests.get(f"{api}/v1/reports/{report_id}", timeout=5)
    view = answer.json() if answer.status_code == 200 else None
    return view if view and view["photos"] and view["status"] == "assigned" else None


def staff_view(outputs: dict[str, Any], report_id: str) -> requests.Response:
    token = id_token(outputs, "dienluc1")
    headers = {"Authorization": f"Bearer {token}"}
    return requests.get(f"{outputs['api_url']}/v1/staff/reports/{report_id}", headers=headers, timeout=10)


def file_and_stop(out_dir: Path) -> str:
    """A first run: a report with a photo, routed, its photo published, the agency's webhook received."""
    first = start_local_system(out_dir)
    try:
        api = first.outputs["api_url"]
        report_id = file_with_photo(api)
        eventually(lambda: public_view(api, report_id), 30, "routed, photo published")
        received = lambda: requests.get(first.outputs["demo_webhook_url"], timeout=5).json()  # noqa: E731
        eventually(lambda: [r for r in received() if r["report_id"] == report_id], 30, "the agency's webhook")
    finally:
        assert first.stop() == 0
    assert "Kept for the next start" in first.log.read_text()
    return report_id


def everything_is_back(second: Running, report_id: str) -> None:
    log = second.log.read_text()
    assert "restored in" in log and "1 reports, " in log and "0 photo files" not in log
    view = public_view(second.outputs["api_url"], report_id)
    assert view is not None, "the report and its photo after the restart"
    photo = requests.get(view["photos"][0]["url"], timeout=10)
    assert photo.status_code == 200 and photo.headers["Content-Type"] == "image/jpeg"
    staff = staff_view(second.outputs, report_id)
    assert staff.status_code == 200, staff.text
    assert staff.json()["reporter"]["phone"] == "0912000111"
    webhooks = requests.get(second.outputs["demo_webhook_url"], timeout=5).json()
    assert [r["type"] for r in webhooks if r["report_id"] == report_id] == ["Report.Assigned"]


def only_the_demo_province(fresh: Running, report_id: str) -> None:
    assert "FRESH=1: starting from the demo province" in fresh.log.read_text()
    api = fresh.outputs["api_url"]
    assert requests.get(f"{api}/v1/reports/{report_id}", timeout=5).status_code == 404
    assert requests.get(f"{api}/v1/reports", timeout=5).json()["items"] == []
    assert len(requests.get(f"{api}/v1/categories", timeout=5).json()) == 10  # as at a first start


def test_a_restart_keeps_reports_photos_accounts_and_deliveries_and_fresh_starts_over(tmp_path: Path) -> None:
    report_id = file_and_stop(tmp_path)
    second = restart(tmp_path)
    try:
        everything_is_back(second, report_id)
    finally:
        assert second.stop() == 0
    fresh = restart(tmp_path, FRESH="1")
    try:
        only_the_demo_province(fresh, report_id)
    finally:
        assert fresh.stop() == 0
