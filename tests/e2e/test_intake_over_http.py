"""Over HTTP against the local runner: the photo flow end to end, and an Open311 client with the seeded key.

(Named to run before test_local_system.py, whose last test stops the shared runner.)
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from typing import Any

import pytest
import requests
from PIL import Image

from tests.e2e.conftest import Running
from tests.e2e.test_local_system import eventually
from tests.images import has_gps, jpeg_with_gps

pytestmark = pytest.mark.e2e


def test_outputs_carry_the_open311_endpoint_and_key(local_system: Running) -> None:
    outputs = local_system.outputs
    assert outputs["open311_url"] == f"{outputs['api_url']}/open311/v2"
    assert len(outputs["open311_api_key"]) >= 40
    for key in ("api_url", "aws_endpoint_url", "region", "inbox_url", "openapi_url", "tables", "queues"):
        assert key in outputs


def test_a_photo_with_gps_exif_is_published_without_it(local_system: Running) -> None:
    api = local_system.outputs["api_url"]
    slot = requests.post(f"{api}/v1/uploads", json={"content_type": "image/jpeg"}, timeout=10).json()
    original = jpeg_with_gps()
    assert has_gps(original)
    uploaded = requests.post(
        slot["url"], data=slot["fields"], files={"file": ("photo.jpg", original, "image/jpeg")}, timeout=10
    )
    assert uploaded.status_code in (200, 201, 204), uploaded.text
    created = requests.post(
        f"{api}/v1/reports",
        json={
            "description": "Cột điện nghiêng sau cơn bão, dây võng sát mặt đường",
            "category": "dien",
            "location": {"lat": 9.177, "lon": 105.15},
            "photos": [slot["upload_id"]],
        },
        headers={"Idempotency-Key": f"e2e-{slot['upload_id']}"},
        timeout=10,
    )
    assert created.status_code == 201, created.text
    report_id = created.json()["id"]

    def published() -> dict[str, Any] | None:
        view = requests.get(f"{api}/v1/reports/{report_id}", timeout=5).json()
        return view if view["photos"] else None

    [photo] = eventually(published, what="the cleaned photo published")["photos"]
    public = requests.get(photo["url"], timeout=10)  # follows the redirect to the cleaned copy
    assert public.status_code == 200
    assert public.headers["Content-Type"] == "image/jpeg"
    assert not has_gps(public.content) and b"Exif" not in public.content
    assert Image.open(io.BytesIO(public.content)).size == (1600, 1200)
    thumbnail = requests.get(photo["thumbnail_url"], timeout=10)
    assert max(Image.open(io.BytesIO(thumbnail.content)).size) == 320
    sizes = f"original {len(original)} B, public {len(public.content)} B, thumb {len(thumbnail.content)} B"
    print(f"\nphoto sizes: {sizes}")


def test_an_open311_client_posts_and_reads_back_in_xml(local_system: Running) -> None:
    base = local_system.outputs["open311_url"]
    key = local_system.outputs["open311_api_key"]
    services = requests.get(f"{base}/services.json", timeout=5).json()
    assert {s["service_code"] for s in services} >= {"dien", "giao_thong"}
    created = requests.post(
        f"{base}/requests.json",
        data={
            "api_key": key,
            "service_code": "giao_thong",
            "lat": "9.18",
            "long": "105.16",
            "description": "Ổ gà sâu giữa đường",
            "attribute[hazard]": "pothole",
        },
        timeout=10,
    )
    assert created.status_code == 200, created.text
    request_id = created.json()[0]["service_request_id"]
    answer = requests.get(f"{base}/requests/{request_id}.xml", timeout=5)
    assert answer.headers["Content-Type"].startswith("text/xml")
    root = ET.fromstring(answer.content)  # noqa: S314 - our own output, in a test
    assert root.findtext("request/service_request_id") == request_id
    assert root.findtext("request/status") == "open"
    denied = requests.post(
        f"{base}/requests.json", data={"api_key": "nope", "service_code": "dien"}, timeout=5
    )
    assert denied.status_code == 403 and denied.json()[0]["code"] == 403
