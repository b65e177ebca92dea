"""Photos: the presigned POST we hand out, the server-side checks, the cleaned public copies."""

from __future__ import annotations

import base64
import io
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
import requests
from PIL import Image

from infra.local.provision import Resources
from tests.images import gif, has_gps, huge_png_header, jpeg_with_gps, png
from tests.integration.test_citizen_api import REPORT
from tests.support import REGION, api_call, api_raw, pump

PHOTO_ROUTE = "/v1/reports/{id}/photos/{photo}"


def open_slot(content_type: str = "image/jpeg") -> dict[str, Any]:
    status, slot = api_call("POST", "/v1/uploads", {"content_type": content_type})
    assert status == 201, slot
    return slot


def upload(aws: Resources, slot: dict[str, Any], data: bytes) -> None:
    """What a client does with the slot (the emulator ignores the policy: any bytes get in)."""
    s3 = boto3.client("s3", region_name=REGION)
    s3.put_object(Bucket=aws.env["PHOTOS_BUCKET"], Key=slot["fields"]["key"], Body=data)


def submit_with(upload_ids: list[str]) -> dict[str, Any]:
    status, created = api_call("POST", "/v1/reports", {**REPORT, "photos": upload_ids})
    assert status == 201, created
    return created


def reporter_view(created: dict[str, Any]) -> dict[str, Any]:
    status, view = api_call(
        "GET",
        f"/v1/reports/{created['id']}",
        route="/v1/reports/{id}",
        headers={"X-Access-Token": created["access_token"]},
    )
    assert status == 200, view
    return view


def fetch_photo(report_id: str, upload_id: str, size: str = "full") -> bytes:
    result = api_raw(
        "GET", f"/v1/reports/{report_id}/photos/{upload_id}", route=PHOTO_ROUTE, query=f"size={size}"
    )
    assert result["statusCode"] == 302, result
    headers = {**(result.get("headers") or {}), **(result.get("multiValueHeaders") or {})}
    location = {k.lower(): v for k, v in headers.items()}["location"]
    location = location[0] if isinstance(location, list) else location
    response = requests.get(location, timeout=5)
    assert response.status_code == 200
    return response.content


# --- the slot ----------------------------------------------------------------------------------------------


def test_the_presigned_post_policy_bounds_key_type_size_and_time(aws: Resources) -> None:
    slot = open_slot("image/webp")
    fields = slot["fields"]
    assert fields["key"] == f"uploads/{slot['upload_id']}"
    assert fields["Content-Type"] == "image/webp"
    policy = json.loads(base64.b64decode(fields["policy"]))
    conditions = policy["conditions"]
    assert ["content-length-range", 1, 10 * 1024 * 1024] in conditions
    assert {"Content-Type": "image/webp"} in conditions
    assert {"key": fields["key"]} in conditions
    assert {"bucket": aws.env["PHOTOS_BUCKET"]} in conditions
    expires = datetime.fromisoformat(policy["expiration"].replace("Z", "+00:00"))
    assert timedelta(0) < expires - datetime.now(UTC) <= timedelta(minutes=5)
    assert slot["max_bytes"] == 10 * 1024 * 1024


def test_a_report_refers_to_at_most_five_uploads(aws: Resources) -> None:
    ids = [open_slot()["upload_id"] for _ in range(6)]
    status, body = api_call("POST", "/v1/reports", {**REPORT, "photos": ids})
    assert status == 422 and "photos" in body["error"]["fields"]


# --- the worker --------------------------------------------------------------------------------------------


def test_the_public_copy_has_no_exif_and_the_original_stays_private(aws: Resources, sqs: Any) -> None:
    slot = open_slot()
    original = jpeg_with_gps()
    assert has_gps(original)
    # Through the presigned POST itself, as a client would (moto answers it in-process).
    response = requests.post(
        slot["url"], data=slot["fields"], files={"file": ("photo.jpg", original, "image/jpeg")}, timeout=10
    )
    assert response.status_code in (200, 201, 204), response.text
    created = submit_with([slot["upload_id"]])
    assert reporter_view(created)["photos"][0]["status"] == "pending"
    assert pump(sqs, aws, "photos") == 1

    [photo] = reporter_view(created)["photos"]
    assert photo["status"] == "ready"
    _, public = api_call("GET", f"/v1/reports/{created['id']}", route="/v1/reports/{id}")
    [shown] = public["photos"]
    assert shown["url"].startswith("http://api.test/v1/reports/")
    full = fetch_photo(created["id"], slot["upload_id"])
    thumb = fetch_photo(created["id"], slot["upload_id"], "thumb")
    assert not has_gps(full) and b"Exif" not in full and b"PhoneMaker" not in full
    assert Image.open(io.BytesIO(full)).size == (1600, 1200)
    assert max(Image.open(io.BytesIO(thumb)).size) == 320
    assert len(full) < len(original) / 2
    assert "uploads/" not in json.dumps(public)  # never the original's address


def test_a_png_is_accepted_and_re_encoded(aws: Resources, sqs: Any) -> None:
    slot = open_slot("image/png")
    upload(aws, slot, png())
    created = submit_with([slot["upload_id"]])
    pump(sqs, aws, "photos")
    assert reporter_view(created)["photos"][0]["status"] == "ready"
    assert Image.open(io.BytesIO(fetch_photo(created["id"], slot["upload_id"]))).format == "JPEG"


@pytest.mark.parametrize(
    ("data", "reason_en"),
    [
        (b"<html>not a photo</html>", "not a valid JPEG, PNG or WebP"),
        (gif(), "not a valid JPEG, PNG or WebP"),
        (jpeg_with_gps()[:20_000], "not a valid JPEG, PNG or WebP"),  # truncated
        (huge_png_header(), "megapixels"),
        (b"\xff\xd8" + b"\0" * (10 * 1024 * 1024), "larger than 10 MB"),
        (None, "never uploaded"),
    ],
)
def test_a_bad_file_is_rejected_with_a_reason_and_does_not_block_the_report(
    aws: Resources, sqs: Any, data: bytes | None, reason_en: str
) -> None:
    good, bad = open_slot(), open_slot()
    upload(aws, good, jpeg_with_gps((800, 600)))
    if data is not None:
        upload(aws, bad, data)
    created = submit_with([bad["upload_id"], good["upload_id"]])
    pump(sqs, aws, "photos")
    rejected, ready = reporter_view(created)["photos"]
    assert rejected["status"] == "rejected"
    assert reason_en in rejected["message_en"] and rejected["message_vi"]
    assert ready["status"] == "ready"
    _, public = api_call("GET", f"/v1/reports/{created['id']}", route="/v1/reports/{id}")
    assert [p["id"] for p in public["photos"]] == [good["upload_id"]]  # the public never sees the refused one
    pump(sqs, aws, "routing")
    assert reporter_view(created)["status"] == "assigned"  # the report went its way regardless


def test_a_redelivered_event_changes_nothing(aws: Resources, sqs: Any) -> None:
    from services.intake.dal.upload_table import UploadTable
    from services.intake.logic.process_photos import process_photos
    from shared.events import BusMessage
    from shared.photo_bucket import PhotoBucket
    from shared.photo_results import PhotoResults
    from shared.report_partition import ReportPartition
    from tests.support import queue_bodies

    slot = open_slot()
    upload(aws, slot, jpeg_with_gps((640, 480)))
    submit_with([slot["upload_id"]])
    [message] = queue_bodies(sqs, aws.queue_urls["photos"])
    event = BusMessage.model_validate(message).detail
    args = (ReportPartition(), UploadTable(), PhotoResults(), PhotoBucket())
    assert len(process_photos(event, *args)) == 1
    assert process_photos(event, *args) == []


def test_a_duplicate_event_after_other_bytes_reached_the_slot_keeps_the_published_photo(
    aws: Resources, sqs: Any
) -> None:
    from services.intake.dal.upload_table import UploadTable
    from services.intake.logic.process_photos import process_photos
    from shared.events import BusMessage
    from shared.photo_bucket import PhotoBucket
    from shared.photo_results import PhotoResults
    from shared.report_partition import ReportPartition
    from tests.support import queue_bodies

    slot = open_slot()
    upload(aws, slot, jpeg_with_gps((640, 480)))
    created = submit_with([slot["upload_id"]])
    [message] = queue_bodies(sqs, aws.queue_urls["photos"])
    event = BusMessage.model_validate(message).detail
    args = (ReportPartition(), UploadTable(), PhotoResults(), PhotoBucket())
    process_photos(event, *args, delivered_before=False)
    published = fetch_photo(created["id"], slot["upload_id"])
    # The slot's presigned POST works until it expires; the bus may hand the event over twice.
    upload(aws, slot, jpeg_with_gps((1200, 900)))

    process_photos(event, *args, delivered_before=False)

    assert fetch_photo(created["id"], slot["upload_id"]) == published
    assert Image.open(io.BytesIO(published)).size == (640, 480)


def test_photo_links_404_unless_published(aws: Resources, sqs: Any) -> None:
    slot = open_slot()
    created = submit_with([slot["upload_id"]])  # never uploaded
    for upload_id in (slot["upload_id"], "f" * 32):
        result = api_raw("GET", f"/v1/reports/{created['id']}/photos/{upload_id}", route=PHOTO_ROUTE)
        assert result["statusCode"] == 404
    result = api_raw("GET", f"/v1/reports/{created['id']}/photos/..%2Fsecret", route=PHOTO_ROUTE)
    assert result["statusCode"] in (404, 422)
