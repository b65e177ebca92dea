"""A report an operator hid is absent from every public read path: the API, the feed, Open311, its photos."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from infra.local.provision import Resources
from services.intake.logic.public_visibility import is_publicly_visible
from shared.models import Channel, Location, Report
from tests.images import png
from tests.integration.test_casework import act, tokens  # noqa: F401 - the fixture
from tests.integration.test_citizen_api import REPORT
from tests.integration.test_open311 import as_json, as_xml, call
from tests.integration.test_photos import PHOTO_ROUTE, open_slot, submit_with, upload
from tests.support import api_call, api_raw, pump


def _public_paths(report_id: str, photo: str) -> dict[str, dict[str, Any]]:
    """What the public can ask about one report, each answer in full."""
    return {
        "view": api_raw("GET", f"/v1/reports/{report_id}", route="/v1/reports/{id}"),
        "photo": api_raw("GET", f"/v1/reports/{report_id}/photos/{photo}", route=PHOTO_ROUTE),
        "thumb": api_raw(
            "GET", f"/v1/reports/{report_id}/photos/{photo}", route=PHOTO_ROUTE, query="size=thumb"
        ),
        "one.json": call("GET", f"/requests/{report_id}.json", "extensions=true"),
        "one.xml": call("GET", f"/requests/{report_id}.xml", "extensions=true"),
        "token.json": call("GET", f"/tokens/{report_id}.json"),
        "token.xml": call("GET", f"/tokens/{report_id}.xml"),
    }


def _listed(report_id: str) -> dict[str, bool]:
    """Whether each public list names the report."""
    _, feed = api_call("GET", "/v1/reports", query="limit=100")
    by_id = as_json(call("GET", "/requests.json", f"service_request_id={report_id}&extensions=true"))
    listed = as_json(call("GET", "/requests.json", "extensions=true"))
    xml_list = as_xml(call("GET", "/requests.xml", "extensions=true"))
    xml_by_id = as_xml(call("GET", "/requests.xml", f"service_request_id={report_id}"))
    return {
        "feed": report_id in {item["id"] for item in feed["items"]},
        "requests.json?service_request_id": report_id in {r["service_request_id"] for r in by_id},
        "requests.json": report_id in {r["service_request_id"] for r in listed},
        "requests.xml": report_id in {e.findtext("service_request_id") for e in xml_list},
        "requests.xml?service_request_id": report_id in {e.findtext("service_request_id") for e in xml_by_id},
    }


def test_a_hidden_report_is_gone_from_every_public_read_path(
    aws: Resources,
    sqs: Any,
    tokens: dict[str, str],  # noqa: F811
) -> None:
    slot = open_slot("image/png")
    upload(aws, slot, png())
    created = submit_with([slot["upload_id"]])
    report_id, photo = created["id"], slot["upload_id"]
    pump(sqs, aws, "routing")
    pump(sqs, aws, "photos")
    before = _public_paths(report_id, photo)
    assert {name: r["statusCode"] for name, r in before.items()} == {
        "view": 200, "photo": 302, "thumb": 302, "one.json": 200, "one.xml": 200, "token.json": 200,
        "token.xml": 200,
    }  # fmt: skip
    assert all(_listed(report_id).values())

    status, _ = act(tokens["op"], report_id, type="hide", hidden=True, reason="Ảnh có trẻ em")
    assert status == 200

    after = _public_paths(report_id, photo)
    assert {name: r["statusCode"] for name, r in after.items()} == dict.fromkeys(after, 404)
    assert not any(REPORT["description"] in r["body"] for r in after.values())
    assert _listed(report_id) == dict.fromkeys(_listed(report_id), False)


@pytest.mark.parametrize("hidden", [False, True])
def test_the_visibility_rule_is_one_function(hidden: bool) -> None:
    now = datetime.now(UTC)
    report = Report(
        id="PA-0000-0001", created_at=now, updated_at=now, channel=Channel.WEB, description="x" * 10,
        location=Location(lat=9.18, lon=105.15), hidden=hidden,
    )  # fmt: skip
    assert is_publicly_visible(report) is not hidden
