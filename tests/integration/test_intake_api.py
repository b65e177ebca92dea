from __future__ import annotations

from typing import Any

import pytest

from infra.local.provision import Resources
from tests.support import api_call, queue_bodies

REPORT = {
    "description": "Đèn đường trước trường tiểu học bị hỏng cả tuần nay",
    "category": "dien",
    "location": {"lat": 9.1769, "lon": 105.1524, "address": "Đường Trần Hưng Đạo, phường An Xuyên"},
    "channel": "app",
    "reporter": {"name": "Nguyễn Văn A", "phone": "0912345678", "email": "a@example.com"},
}


def test_submit_returns_the_tracking_code_and_announces_the_report(aws: Resources, sqs: Any) -> None:
    status, body = api_call("POST", "/v1/reports", REPORT)
    assert status == 201
    assert body["status"] == "received"
    assert body["id"].startswith("PA-")
    [message] = queue_bodies(sqs, aws.queue_urls["routing"])
    assert message["detail-type"] == "Report.Submitted"
    assert message["detail"]["report_id"] == body["id"]
    assert "0912345678" not in str(message)  # contact details never travel on the bus


def test_public_view_hides_the_reporter(aws: Resources) -> None:
    _, created = api_call("POST", "/v1/reports", REPORT)
    status, view = api_call("GET", f"/v1/reports/{created['id']}", route="/v1/reports/{id}")
    assert status == 200
    assert view["description"] == REPORT["description"]
    assert view["location"]["address"] == REPORT["location"]["address"]  # type: ignore[index]
    text = str(view)
    for secret in ("Nguyễn Văn A", "0912345678", "a@example.com", "reporter"):
        assert secret not in text
    assert [step["type"] for step in view["timeline"]] == ["Report.Submitted"]


def test_tracking_code_is_forgiving_about_case_and_dashes(aws: Resources) -> None:
    _, created = api_call("POST", "/v1/reports", REPORT)
    typed = created["id"].lower().replace("-", " ")
    status, view = api_call("GET", f"/v1/reports/{typed}", route="/v1/reports/{id}")
    assert status == 200
    assert view["id"] == created["id"]


@pytest.mark.parametrize("raw_id", ["PA-0000-0000", "nonsense", "x" * 20])
def test_unknown_report_is_404_in_both_languages(aws: Resources, raw_id: str) -> None:
    status, body = api_call("GET", f"/v1/reports/{raw_id}", route="/v1/reports/{id}")
    assert status == 404
    assert body["error"]["code"] == "not_found"
    assert body["error"]["message_vi"] and body["error"]["message_en"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"description": "ngắn"}, "description"),
        ({"location": {"lat": 1.0, "lon": 105.0}}, "location.lat"),
        ({"channel": "pigeon"}, "channel"),
        ({"category": "unknown_code"}, "category"),
        ({"reporter": {"email": "nope"}}, "reporter.email"),
    ],
)
def test_bad_input_is_422_with_the_field_named(aws: Resources, changes: dict[str, Any], field: str) -> None:
    status, body = api_call("POST", "/v1/reports", {**REPORT, **changes})
    assert status == 422
    assert body["error"]["code"] == "validation_error"
    assert field in body["error"]["fields"]
    assert body["error"]["message_vi"] and body["error"]["message_en"]


@pytest.mark.parametrize("raw", ["{not json", "[]", "", "null"])
def test_garbage_bodies_are_422_never_500(aws: Resources, raw: str) -> None:
    status, body = api_call("POST", "/v1/reports", raw)
    assert status == 422, body
    assert "Traceback" not in str(body)


def test_openapi_document_describes_the_api(aws: Resources) -> None:
    status, document = api_call("GET", "/v1/openapi.json")
    assert status == 200
    assert document["openapi"].startswith("3.")
    assert {"/v1/reports", "/v1/reports/{report_id}"} <= set(document["paths"])
    schema = document["components"]["schemas"]["SubmitReport"]
    assert schema["properties"]["description"]["maxLength"] == 4000
