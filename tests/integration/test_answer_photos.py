"""The agency's answer photos: checked and cleaned like the citizen's, public only with the answer."""

from __future__ import annotations

from typing import Any

import pytest

from infra.local.provision import Resources
from tests.images import jpeg_with_gps
from tests.integration.test_casework import act, public, routed
from tests.integration.test_photos import PHOTO_ROUTE, fetch_photo, open_slot, submit_with, upload
from tests.support import api_raw, pump, sign_in


@pytest.fixture
def tokens(pool: dict[str, Any]) -> dict[str, str]:
    return {name: sign_in(pool, name) for name in ("op", "dl")}


def answered(sqs: Any, aws: Resources, dl: str, photos: list[str]) -> str:
    report_id = routed(sqs, aws)
    assert act(dl, report_id, type="accept")[0] == 200
    status, done = act(dl, report_id, type="resolve", answer="Đã thay dây, có điện lại.", photos=photos)
    assert (status, done["status"]) == (200, "resolved"), done
    pump(sqs, aws, "photos")
    return report_id


def photo_status(report_id: str, upload_id: str) -> int:
    result = api_raw("GET", f"/v1/reports/{report_id}/photos/{upload_id}", route=PHOTO_ROUTE)
    return int(result["statusCode"])


def test_an_answer_photo_is_cleaned_and_public_once_the_answer_is(
    aws: Resources, sqs: Any, tokens: dict[str, str]
) -> None:
    good, bad = open_slot(), open_slot()
    upload(aws, good, jpeg_with_gps((800, 600)))
    upload(aws, bad, b"<html>not a photo</html>")
    report_id = answered(sqs, aws, tokens["dl"], [bad["upload_id"], good["upload_id"]])
    assert public(report_id)["answer_photos"] == []  # the answer is not published yet
    assert photo_status(report_id, good["upload_id"]) == 404

    assert act(tokens["op"], report_id, type="publish")[0] == 200
    shown = public(report_id)["answer_photos"]
    assert [p["id"] for p in shown] == [good["upload_id"]]  # the bad file is left out, the good one shown
    assert shown[0]["thumbnail_url"].endswith("?size=thumb")
    full = fetch_photo(report_id, good["upload_id"])
    assert b"Exif" not in full and b"PhoneMaker" not in full
    assert photo_status(report_id, bad["upload_id"]) == 404


def test_an_answer_cannot_republish_another_reports_photo(
    aws: Resources, sqs: Any, tokens: dict[str, str]
) -> None:
    slot = open_slot()
    upload(aws, slot, jpeg_with_gps((640, 480)))
    submit_with([slot["upload_id"]])  # the citizen's report claims it
    pump(sqs, aws, "photos")
    report_id = answered(sqs, aws, tokens["dl"], [slot["upload_id"]])
    assert act(tokens["op"], report_id, type="publish")[0] == 200
    assert public(report_id)["answer_photos"] == []
    assert photo_status(report_id, slot["upload_id"]) == 404


def test_a_hidden_reports_answer_photos_are_not_served(
    aws: Resources, sqs: Any, tokens: dict[str, str]
) -> None:
    slot = open_slot()
    upload(aws, slot, jpeg_with_gps((640, 480)))
    report_id = answered(sqs, aws, tokens["dl"], [slot["upload_id"]])
    assert act(tokens["op"], report_id, type="publish")[0] == 200
    assert photo_status(report_id, slot["upload_id"]) == 302
    status, body = act(tokens["op"], report_id, type="hide", reason="Thông tin cá nhân trong ảnh")
    assert status == 200, body
    assert photo_status(report_id, slot["upload_id"]) == 404
