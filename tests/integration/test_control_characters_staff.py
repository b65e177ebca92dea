"""Control characters in staff actions and admin names are refused; stored ones never break requests.xml."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from xml.etree import ElementTree as ET

from infra.local.provision import Resources
from shared.events import EventType, ReportEvent
from shared.models import Channel, Location, Report
from tests.integration.test_casework import POWER_CUT, act, routed, tokens  # noqa: F401 - the fixture
from tests.integration.test_control_characters import BAD
from tests.integration.test_open311 import call
from tests.support import staff_call, stored_earlier


def test_staff_actions_and_admin_names_refuse_control_characters(
    aws: Resources,
    sqs: Any,
    tokens: dict[str, str],  # noqa: F811
) -> None:
    report_id = routed(sqs, aws)
    assert act(tokens["dl"], report_id, type="accept")[0] == 200
    for bad in BAD:
        status, body = act(tokens["dl"], report_id, type="note", note=f"Đã khảo{bad}sát")
        assert (status, body["error"]["code"]) == (422, "validation_error"), bad
    filed = {**POWER_CUT, "reporter": {"name": "Chị\x00Lan"}}
    status, _ = staff_call("POST", "/v1/staff/reports", filed, token=tokens["op"])
    assert status == 422
    agency = {"id": "ubnd-x", "name": "UBND xã\r\nBcc: x@evil", "kind": "commune", "emails": ["x@demo.vn"]}
    status, body = staff_call("POST", "/v1/admin/agencies", agency, token=tokens["adm"])
    assert (status, list(body["error"]["fields"])) == (422, ["name"])
    category = {"name_vi": "Điện\x01", "name_en": "Power"}
    status, body = staff_call(
        "PUT", "/v1/admin/categories/dien", category, token=tokens["adm"], route="/v1/admin/categories/{id}"
    )
    assert (status, list(body["error"]["fields"])) == (422, ["name_vi"])


def test_requests_xml_parses_whatever_was_stored(aws: Resources) -> None:
    """Reports stored before the door checked them still make a well-formed feed."""
    now = datetime.now(UTC)
    for number, text in enumerate(["NUL\x00here", "bell\x07 esc\x1b", "non\ufffechar", "ok"]):
        report = Report(
            id=f"PA-{number:04d}-0001", created_at=now, updated_at=now, channel=Channel.WEB, category="dien",
            description=text, location=Location(lat=9.18, lon=105.15, address=f"addr\x01{number}"),
        )  # fmt: skip
        event = ReportEvent(
            type=EventType.SUBMITTED, source="t", report_id=report.id, actor="t", correlation_id="t"
        )
        stored_earlier(report, event)
    result = call("GET", "/requests.xml", "extensions=true")
    assert result["statusCode"] == 200
    root = ET.fromstring(result["body"].split("\n", 1)[1])  # noqa: S314 - our own output, in a test
    assert sorted(e.findtext("description") or "" for e in root) == [
        "NULhere",
        "bell esc",
        "nonchar",
        "ok",
    ]
