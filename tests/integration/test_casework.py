"""Case work through the staff API: the agency carries a report to an answer, operators triage and publish."""

from __future__ import annotations

from typing import Any

import pytest

from infra.local.provision import Resources
from shared.repository import ReportRepository
from tests.support import api_call, pump, queue_bodies, sign_in, staff_call

POWER_CUT = {
    "description": "Mất điện cả khóm từ sáng tới giờ, điện lực chưa tới sửa",
    "category": "dien",
    "location": {"lat": 9.1769, "lon": 105.1524, "address": "Khóm 2, phường An Xuyên"},
    "reporter": {"name": "Lê Thị Hoa", "phone": "0912345678"},
}


@pytest.fixture
def tokens(pool: dict[str, Any]) -> dict[str, str]:
    return {name: sign_in(pool, name) for name in ("op", "dl", "xd", "lead", "adm")}


def routed(sqs: Any, aws: Resources, body: dict[str, Any] = POWER_CUT) -> str:
    status, created = api_call("POST", "/v1/reports", body)
    assert status == 201, created
    pump(sqs, aws, "routing")
    return str(created["id"])


def view(token: str, report_id: str) -> dict[str, Any]:
    status, body = staff_call(
        "GET", f"/v1/staff/reports/{report_id}", token=token, route="/v1/staff/reports/{id}"
    )
    assert status == 200, body
    return body


def act(token: str, report_id: str, version: int | None = None, **action: Any) -> tuple[int, dict[str, Any]]:
    """Posts an action with the version just read (or the one given)."""
    if version is None:
        version = ReportRepository().get(report_id).version  # type: ignore[union-attr]
    return staff_call(
        "POST",
        f"/v1/staff/reports/{report_id}/actions",
        {**action, "version": version},
        token=token,
        route="/v1/staff/reports/{id}/actions",
    )


def public(report_id: str) -> dict[str, Any]:
    status, body = api_call("GET", f"/v1/reports/{report_id}", route="/v1/reports/{id}")
    assert status == 200
    return body


def test_the_agency_answers_and_the_operator_publishes(
    aws: Resources, sqs: Any, tokens: dict[str, str]
) -> None:
    report_id = routed(sqs, aws)
    assert view(tokens["dl"], report_id)["allowed_actions"] == ["accept", "send_back"]
    assert act(tokens["dl"], report_id, type="accept")[0] == 200
    status, done = act(tokens["dl"], report_id, type="contacted", waiting_for_reporter=True)
    assert (status, done["status"], done["events"]) == (200, "in_progress", ["Report.ProgressNoted"])
    assert act(tokens["dl"], report_id, type="note", note="Đã khảo sát, thay dây ngày mai")[0] == 200
    answer = "Điện lực đã thay đoạn dây hạ thế bị đứt, cấp điện lại lúc 16h."
    status, done = act(tokens["dl"], report_id, type="resolve", answer=answer)
    assert (status, done["status"]) == (200, "resolved")
    assert public(report_id)["answer"] is None  # not public before an operator reviews it
    status, done = act(tokens["op"], report_id, type="publish")
    assert (status, done["status"], done["events"]) == (200, "closed", ["Report.Closed"])
    seen = public(report_id)
    assert (seen["status"], seen["answer"]) == ("closed", answer)

    staff = view(tokens["op"], report_id)
    steps = [(step["type"], step["actor"]) for step in staff["timeline"]]
    assert steps[-5:] == [
        ("Report.Accepted", "staff:dl"),
        ("Report.ProgressNoted", "staff:dl"),
        ("Report.ProgressNoted", "staff:dl"),
        ("Report.Resolved", "staff:dl"),
        ("Report.Closed", "staff:op"),
    ]
    contacted = staff["timeline"][-4]["data"]
    assert contacted["waiting_for_reporter"] is True and contacted["agency_id"] == "dien-luc"
    closed = [m for m in queue_bodies(sqs, aws.queue_urls["routing"]) if m["detail-type"] == "Report.Closed"]
    assert closed == []  # no rule sends case-work events back to routing


def test_events_carry_agency_and_status_and_never_contact_details(
    aws: Resources, sqs: Any, tokens: dict[str, str]
) -> None:
    report_id = routed(sqs, aws)
    act(tokens["dl"], report_id, type="accept")
    act(tokens["dl"], report_id, type="send_back", reason="Không thuộc thẩm quyền: đường dây của khách hàng")
    timeline = view(tokens["op"], report_id)["timeline"]
    for step in timeline[1:]:
        assert {"agency_id", "status"} <= set(step["data"]), step["type"]
        assert "0912345678" not in str(step["data"])
    assert timeline[-1]["type"] == "Report.SentBack"
    assert timeline[-1]["data"] == {
        "reason": "Không thuộc thẩm quyền: đường dây của khách hàng",
        "from_agency_id": "dien-luc",
        "agency_id": None,
        "status": "triage",
    }


def test_a_stale_version_is_409_and_nothing_changes(aws: Resources, sqs: Any, tokens: dict[str, str]) -> None:
    report_id = routed(sqs, aws)
    version = view(tokens["dl"], report_id)["version"]
    assert act(tokens["dl"], report_id, version, type="accept")[0] == 200
    status, body = act(tokens["dl"], report_id, version, type="send_back", reason="đọc bản cũ")
    assert (status, body["error"]["code"]) == (409, "conflict")
    assert view(tokens["dl"], report_id)["status"] == "in_progress"


def test_deadline_bookkeeping_between_two_actions_is_no_conflict(
    aws: Resources, sqs: Any, tokens: dict[str, str]
) -> None:
    report_id = routed(sqs, aws)
    pump(sqs, aws, "sla")  # the deadlines are set on Report.Assigned
    status, accepted = act(tokens["dl"], report_id, view(tokens["dl"], report_id)["version"], type="accept")
    assert status == 200, accepted
    status, waiting = act(
        tokens["dl"],
        report_id,
        accepted["version"],
        type="note",
        note="Chờ người dân",
        waiting_for_reporter=True,
    )
    assert status == 200, waiting
    repo = ReportRepository()
    before = repo.get(report_id)
    assert before is not None
    pump(sqs, aws, "sla")  # the SLA service books the wait (the clocks stop)
    after = repo.get(report_id)
    assert after is not None and after.paused_at is not None
    assert after.sla_rev > before.sla_rev  # it did write...
    assert after.version == before.version  # ...without touching the version people act on
    status, body = act(
        tokens["dl"], report_id, waiting["version"], type="resolve", answer="Đã sửa xong đường dây."
    )
    assert status == 200, body
    assert body["status"] == "resolved"
    resolved = repo.get(report_id)
    assert resolved is not None
    assert resolved.clocks == after.clocks  # and the agency's write kept what the SLA service booked


def test_an_illegal_transition_is_409_with_the_allowed_actions(
    aws: Resources, sqs: Any, tokens: dict[str, str]
) -> None:
    report_id = routed(sqs, aws)
    status, body = act(tokens["dl"], report_id, type="resolve", answer="Đã xử lý xong sự cố điện.")
    assert status == 409
    assert body["error"]["code"] == "illegal_transition"
    assert body["error"]["allowed"] == ["accept", "send_back"]
    assert body["error"]["message_vi"] and body["error"]["message_en"]


def test_sent_back_goes_to_triage_and_out_of_the_agencys_sight(
    aws: Resources, sqs: Any, tokens: dict[str, str]
) -> None:
    report_id = routed(sqs, aws)
    act(tokens["dl"], report_id, type="send_back", reason="Không thuộc thẩm quyền điện lực")
    status, _ = staff_call(
        "GET", f"/v1/staff/reports/{report_id}", token=tokens["dl"], route="/v1/staff/reports/{id}"
    )
    assert status == 404
    status, queue = staff_call("GET", "/v1/staff/reports?status=triage", token=tokens["op"])
    assert (status, [item["id"] for item in queue["items"]]) == (200, [report_id])
    assert staff_call("GET", "/v1/staff/reports", token=tokens["dl"])[1]["items"] == []
    # The operator re-routes it with a reason; the history is kept.
    status, done = act(tokens["op"], report_id, type="assign", agency_id="so-xay-dung")
    assert (status, done["agency_id"]) == (200, "so-xay-dung")
    # The new agency's deadlines come with the assignment, before the SLA worker has seen the send-back.
    # (Sla.Started takes its assignment's time: the two sort either way.)
    steps = [s["type"] for s in view(tokens["xd"], report_id)["timeline"]]
    assert (steps[-3], sorted(steps[-2:])) == ("Report.SentBack", ["Report.Assigned", "Sla.Started"])


def test_reassigning_needs_a_reason(aws: Resources, sqs: Any, tokens: dict[str, str]) -> None:
    report_id = routed(sqs, aws)
    status, body = act(tokens["op"], report_id, type="assign", agency_id="so-xay-dung")
    assert (status, list(body["error"]["fields"])) == (422, ["reason"])
    status, done = act(
        tokens["op"], report_id, type="assign", agency_id="so-xay-dung", reason="Cột điện do đô thị quản lý"
    )
    assert (status, done["agency_id"]) == (200, "so-xay-dung")
    last = view(tokens["op"], report_id)["timeline"][-1]["data"]
    assert (last["reason"], last["previous_agency_id"]) == ("Cột điện do đô thị quản lý", "dien-luc")


def test_contact_details_only_for_the_centre_and_the_assigned_agency(
    aws: Resources, sqs: Any, tokens: dict[str, str]
) -> None:
    report_id = routed(sqs, aws)
    assert view(tokens["op"], report_id)["reporter"]["phone"] == "0912345678"
    assert view(tokens["dl"], report_id)["reporter"]["phone"] == "0912345678"
    assert view(tokens["lead"], report_id)["reporter"] is None
    listed = staff_call("GET", "/v1/staff/reports", token=tokens["op"])[1]
    assert "0912345678" not in str(listed)


def test_operator_rejects_with_a_template_reason_and_can_reopen(
    aws: Resources, sqs: Any, tokens: dict[str, str]
) -> None:
    vague = {**POWER_CUT, "category": None, "description": "Đề nghị xem xét giúp bà con chuyện này"}
    report_id = routed(sqs, aws, vague)
    assert view(tokens["op"], report_id)["status"] == "triage"
    status, body = act(tokens["op"], report_id, type="reject", reason="made_up")
    assert status == 422 and "reject.reason" in body["error"]["fields"]  # the action type names the field
    status, done = act(tokens["op"], report_id, type="reject", reason="not_enough_info")
    assert (status, done["status"]) == (200, "rejected")
    status, done = act(tokens["op"], report_id, type="reopen", reason="Người dân bổ sung thông tin")
    assert (status, done["status"]) == (200, "triage")


def test_classify_routes_a_triaged_report_by_the_rules(
    aws: Resources, sqs: Any, tokens: dict[str, str]
) -> None:
    vague = {**POWER_CUT, "category": None, "description": "Đề nghị xem xét giúp bà con chuyện này"}
    report_id = routed(sqs, aws, vague)
    status, done = act(tokens["op"], report_id, type="classify", category="ha_tang_do_thi")
    # Hạ tầng đô thị in phường An Xuyên is the ward's People's Committee, not the province department.
    assert (status, done["status"], done["agency_id"]) == (200, "assigned", "ubnd-phuong-an-xuyen")
    assert (
        act(tokens["op"], report_id, type="classify", category="khong_co")[0] == 409
    )  # assigned now: classify is for received/triage reports


def test_merge_closes_the_duplicate_pointing_at_the_original(
    aws: Resources, sqs: Any, tokens: dict[str, str]
) -> None:
    original = routed(sqs, aws)
    duplicate = routed(sqs, aws, {**POWER_CUT, "location": {"lat": 9.1772, "lon": 105.1526}})
    assert view(tokens["op"], duplicate)["possible_duplicates"] == [original]
    status, done = act(tokens["op"], duplicate, type="merge", duplicate_of=original)
    assert (status, done["status"], done["events"]) == (200, "closed", ["Report.Merged", "Report.Closed"])
    merged = view(tokens["op"], duplicate)
    assert merged["duplicate_of"] == original
    assert [step["type"] for step in merged["timeline"]][-2:] == ["Report.Merged", "Report.Closed"]
    assert act(tokens["op"], original, type="merge", duplicate_of=duplicate)[0] == 422
    assert act(tokens["op"], duplicate, type="reopen", reason="gộp nhầm")[0] == 409


def test_hide_keeps_a_report_out_of_public_views(aws: Resources, sqs: Any, tokens: dict[str, str]) -> None:
    report_id = routed(sqs, aws)
    status, done = act(tokens["op"], report_id, type="hide", reason="Có hình ảnh nhạy cảm của trẻ em")
    assert (status, done["events"]) == (200, ["Report.Hidden"])
    staff = view(tokens["op"], report_id)
    assert (staff["hidden"], staff["hidden_reason"]) == (True, "Có hình ảnh nhạy cảm của trẻ em")


def test_auto_publish_when_the_province_chooses(aws: Resources, sqs: Any, tokens: dict[str, str]) -> None:
    status, _ = staff_call("PUT", "/v1/admin/settings", {"auto_publish": True}, token=tokens["adm"])
    assert status == 200
    report_id = routed(sqs, aws)
    act(tokens["dl"], report_id, type="accept")
    status, done = act(tokens["dl"], report_id, type="resolve", answer="Đã cấp điện trở lại cho khóm 2.")
    assert (status, done["status"], done["events"]) == (200, "closed", ["Report.Resolved", "Report.Closed"])
    assert public(report_id)["answer"] == "Đã cấp điện trở lại cho khóm 2."


def test_operator_files_a_report_for_a_hotline_caller(
    aws: Resources, sqs: Any, tokens: dict[str, str]
) -> None:
    body = {
        "description": "Người dân gọi tổng đài: cột điện nghiêng sắp đổ trước chợ",
        "location": {"lat": 9.1769, "lon": 105.1524},
        "reporter": {"name": "Ông Sáu", "phone": "0919000111"},
    }
    status, filed = staff_call("POST", "/v1/staff/reports", body, token=tokens["op"])
    assert (status, filed["status"]) == (201, "received")
    assert staff_call("POST", "/v1/staff/reports", body, token=tokens["dl"])[0] == 403
    paris = {**body, "location": {"lat": 48.85, "lon": 2.35}}
    status, refused = staff_call("POST", "/v1/staff/reports", paris, token=tokens["op"])
    assert (status, sorted(refused["error"]["fields"])) == (422, ["location.lat", "location.lon"])
    pump(sqs, aws, "routing")
    routed_view = view(tokens["op"], filed["id"])
    assert (routed_view["channel"], routed_view["category"], routed_view["agency_id"]) == (
        "hotline",
        "dien",
        "dien-luc",
    )
    assert routed_view["category_source"] == "classifier"
    assert routed_view["timeline"][0]["actor"] == "staff:op"


@pytest.mark.parametrize(
    "body",
    [
        {"type": "explode"},
        {"type": "accept"},
        {"type": "accept", "version": "one"},
        {"type": "resolve", "version": 1, "answer": "x" * 5000},
        {"type": "note", "version": 1, "note": "n", "photos": ["a"] * 6},
        {"type": "accept", "version": 1, "extra": True},
        "not json",
    ],
    ids=[
        "unknown-type",
        "no-version",
        "bad-version",
        "long-answer",
        "many-photos",
        "extra-field",
        "not-json",
    ],
)
def test_bad_action_bodies_are_422(aws: Resources, sqs: Any, tokens: dict[str, str], body: Any) -> None:
    report_id = routed(sqs, aws)
    status, answer = staff_call(
        "POST",
        f"/v1/staff/reports/{report_id}/actions",
        body,
        token=tokens["dl"],
        route="/v1/staff/reports/{id}/actions",
    )
    assert status == 422, answer
    assert answer["error"]["code"] == "validation_error"


def test_a_hidden_report_is_404_and_out_of_the_public_feed(
    aws: Resources, sqs: Any, tokens: dict[str, str]
) -> None:
    report_id = routed(sqs, aws)
    status, _ = act(tokens["op"], report_id, type="hide", hidden=True, reason="Thông tin cá nhân nhạy cảm")
    assert status == 200
    status, body = api_call("GET", f"/v1/reports/{report_id}", route="/v1/reports/{id}")
    assert (status, body["error"]["code"]) == (404, "not_found")
    status, feed = api_call("GET", "/v1/reports")
    assert status == 200
    assert report_id not in {item["id"] for item in feed["items"]}
