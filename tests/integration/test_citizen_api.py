"""The citizen API: access token, idempotency, bounds, categories and their fields, rating the answer."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest

from infra.local.provision import Resources
from shared.errors import Conflict
from shared.models import Status
from shared.repository import ReportRepository
from tests.support import REGION, api_call, queue_bodies

REPORT: dict[str, Any] = {
    "description": "Đèn đường trước trường tiểu học bị hỏng cả tuần nay",
    "category": "dien",
    "location": {"lat": 9.1769, "lon": 105.1524, "address": "Đường Trần Hưng Đạo, phường An Xuyên"},
    "channel": "app",
    "reporter": {"name": "Nguyễn Văn A", "phone": "0912345678", "email": "a@example.com"},
}
ROUTE = "/v1/reports/{id}"


def submit(body: dict[str, Any] | None = None, **headers: str) -> dict[str, Any]:
    status, created = api_call("POST", "/v1/reports", body or REPORT, headers=headers)
    assert status == 201, created
    return created


def publish_answer(report_id: str, answer: str = "Điện lực đã thay bóng đèn ngày 20/11.") -> None:
    """Stands in for the staff API (another issue): resolve and publish an answer, through the repository."""
    repo = ReportRepository()
    report = repo.get(report_id)
    assert report is not None
    updated = report.model_copy(
        update={"status": Status.CLOSED, "answer": answer, "version": report.version + 1}
    )
    repo.commit(updated, report.version)


# --- the access token --------------------------------------------------------------------------------------


def test_submit_returns_a_private_access_token_stored_only_as_its_hash(aws: Resources) -> None:
    created = submit()
    token = created["access_token"]
    assert len(token) >= 43
    item = (
        boto3.resource("dynamodb", region_name=REGION)
        .Table(aws.env["REPORTS_TABLE"])
        .get_item(Key={"pk": created["id"], "sk": "META"})["Item"]
    )
    assert token not in json.dumps(item, default=str)
    assert len(item["access_token_hash"]) == 64


def test_the_reporter_sees_their_private_details_with_the_token(aws: Resources) -> None:
    created = submit()
    status, view = api_call(
        "GET",
        f"/v1/reports/{created['id']}",
        route=ROUTE,
        headers={"X-Access-Token": created["access_token"]},
    )
    assert status == 200, view
    assert view["reporter"] == {
        "name": "Nguyễn Văn A",
        "phone": "0912345678",
        "email": "a@example.com",
        "language": "vi",
    }
    assert view["can_rate"] is False and view["rating"] is None
    assert "access_token_hash" not in view


def test_header_names_are_case_insensitive(aws: Resources) -> None:
    created = submit()
    status, view = api_call(
        "GET",
        f"/v1/reports/{created['id']}",
        route=ROUTE,
        headers={"x-access-token": created["access_token"]},
    )
    assert status == 200 and "reporter" in view


def test_a_wrong_token_is_403_and_reveals_nothing(aws: Resources) -> None:
    created, other = submit(), submit()
    status, body = api_call(
        "GET", f"/v1/reports/{created['id']}", route=ROUTE, headers={"X-Access-Token": other["access_token"]}
    )
    assert status == 403
    assert body["error"]["code"] == "forbidden"
    assert "0912345678" not in json.dumps(body)


def test_public_view_and_events_never_carry_contact_details(aws: Resources, sqs: Any) -> None:
    created = submit()
    _, view = api_call("GET", f"/v1/reports/{created['id']}", route=ROUTE)
    bus = queue_bodies(sqs, aws.queue_urls["routing"])
    for text in (json.dumps(view, ensure_ascii=False), json.dumps(bus, ensure_ascii=False)):
        for secret in (
            "Nguyễn Văn A",
            "0912345678",
            "a@example.com",
            created["access_token"],
            "access_token",
        ):
            assert secret not in text


# --- idempotency -------------------------------------------------------------------------------------------


def test_same_idempotency_key_and_body_give_the_same_report_and_token(aws: Resources, sqs: Any) -> None:
    first = submit(**{"Idempotency-Key": "c0ffee-1"})
    again = submit(**{"Idempotency-Key": "c0ffee-1"})
    assert again == first
    assert len(queue_bodies(sqs, aws.queue_urls["routing"])) == 1  # one report, one event
    status, _ = api_call(
        "GET", f"/v1/reports/{first['id']}", route=ROUTE, headers={"X-Access-Token": again["access_token"]}
    )
    assert status == 200


def test_the_idempotency_table_holds_no_usable_token(aws: Resources) -> None:
    created = submit(**{"Idempotency-Key": "key-with-a-token"})
    items = boto3.resource("dynamodb", region_name=REGION).Table(aws.env["IDEMPOTENCY_TABLE"]).scan()["Items"]
    assert items
    text = json.dumps(items, default=str)
    assert created["access_token"] not in text
    assert "key-with-a-token" not in text  # Powertools stores a hash of the key
    [record] = items
    assert abs(int(record["expiration"]) - datetime.now(UTC).timestamp() - 24 * 3600) < 60  # a 24 h window


def test_different_keys_give_different_reports(aws: Resources) -> None:
    assert submit(**{"Idempotency-Key": "a"})["id"] != submit(**{"Idempotency-Key": "b"})["id"]


def test_same_key_with_another_body_is_refused(aws: Resources) -> None:
    submit(**{"Idempotency-Key": "k-1"})
    status, body = api_call(
        "POST",
        "/v1/reports",
        {**REPORT, "description": "Một phản ánh khác hẳn, về ổ gà"},
        {"Idempotency-Key": "k-1"},
    )
    assert status == 422
    assert body["error"]["code"] == "idempotency_key_reused"


def test_a_refused_submission_does_not_burn_its_key(aws: Resources) -> None:
    status, _ = api_call("POST", "/v1/reports", {**REPORT, "category": "nope"}, {"Idempotency-Key": "k-2"})
    assert status == 422
    assert submit(**{"Idempotency-Key": "k-2"})["id"]


# --- bounds ------------------------------------------------------------------------------------------------


def test_an_unknown_upload_id_is_a_clear_422(aws: Resources) -> None:
    status, body = api_call("POST", "/v1/reports", {**REPORT, "photos": ["0" * 32]})
    assert status == 422
    assert body["error"]["fields"] == {"photos.0": "unknown upload id"}


# --- categories and their extra fields ---------------------------------------------------------------------


def test_categories_in_both_languages_with_their_fields(aws: Resources) -> None:
    status, categories = api_call("GET", "/v1/categories")
    assert status == 200
    by_code = {c["code"]: c for c in categories}
    assert len(by_code) == 10
    assert by_code["dien"]["name_vi"] == "Điện" and by_code["dien"]["name_en"] == "Electricity"
    [hazard] = by_code["giao_thong"]["fields"]
    assert hazard["required"] is True and hazard["datatype"] == "singlevaluelist"
    assert {c["key"] for c in hazard["choices"]} == {"pothole", "subsidence", "flooding"}
    assert by_code["khac"]["fields"] == []


def test_a_category_field_answer_is_kept_and_shown(aws: Resources) -> None:
    created = submit({**REPORT, "attributes": {"pole_number": "T-112"}})
    _, view = api_call("GET", f"/v1/reports/{created['id']}", route=ROUTE)
    assert view["attributes"] == {"pole_number": "T-112"}


# --- rating ------------------------------------------------------------------------------------------------


def rate(report_id: str, token: str, body: Any) -> tuple[int, Any]:
    return api_call(
        "POST",
        f"/v1/reports/{report_id}/rating",
        body,
        headers={"X-Access-Token": token},
        route="/v1/reports/{id}/rating",
    )


def test_rating_the_published_answer_emits_report_rated(aws: Resources, sqs: Any) -> None:
    created = submit()
    publish_answer(created["id"])
    status, rating = rate(
        created["id"], created["access_token"], {"satisfied": True, "score": 5, "comment": "Cảm ơn"}
    )
    assert status == 201, rating
    assert rating["satisfied"] is True and rating["score"] == 5
    _, view = api_call(
        "GET",
        f"/v1/reports/{created['id']}",
        route=ROUTE,
        headers={"X-Access-Token": created["access_token"]},
    )
    assert view["rating"]["score"] == 5 and view["can_rate"] is False
    timeline = ReportRepository().timeline(created["id"])
    assert [step["type"] for step in timeline] == ["Report.Submitted", "Report.Rated"]


def test_rating_is_once_per_answer(aws: Resources) -> None:
    created = submit()
    publish_answer(created["id"])
    assert rate(created["id"], created["access_token"], {"satisfied": False})[0] == 201
    status, body = rate(created["id"], created["access_token"], {"satisfied": True})
    assert status == 409 and body["error"]["code"] == "already_rated"
    # A new answer (re-opened, answered again) may be rated again.
    repo = ReportRepository()
    report = repo.get(created["id"])
    assert report is not None
    repo.commit(
        report.model_copy(update={"answer": "Đã sửa lại lần hai.", "version": report.version + 1}),
        report.version,
    )
    assert rate(created["id"], created["access_token"], {"satisfied": True, "score": 4})[0] == 201


def test_rating_before_the_answer_is_published_is_409(aws: Resources) -> None:
    created = submit()
    status, body = rate(created["id"], created["access_token"], {"satisfied": True})
    assert status == 409 and body["error"]["code"] == "not_answered"


def test_rating_needs_the_reporters_token(aws: Resources) -> None:
    created, other = submit(), submit()
    publish_answer(created["id"])
    assert rate(created["id"], other["access_token"], {"satisfied": True})[0] == 403
    status, body = api_call(
        "POST", f"/v1/reports/{created['id']}/rating", {"satisfied": True}, route="/v1/reports/{id}/rating"
    )
    assert status == 422 and "x-access-token" in json.dumps(body).lower()


def test_concurrent_ratings_one_wins(aws: Resources, monkeypatch: pytest.MonkeyPatch) -> None:
    created = submit()
    publish_answer(created["id"])
    repo = ReportRepository()
    stale = repo.get(created["id"])
    assert rate(created["id"], created["access_token"], {"satisfied": True})[0] == 201
    assert stale is not None
    with pytest.raises(Conflict):
        repo.commit(stale.model_copy(update={"version": stale.version + 1}), stale.version)
