"""Admins edit the directory through /v1/admin/...; routing follows the change."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from infra.local.provision import Resources
from shared.repository import ReportRepository
from tests.support import REGION, api_call, pump, sign_in, staff_call

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[105.30, 9.30], [105.32, 9.30], [105.32, 9.32], [105.30, 9.32], [105.30, 9.30]]],
}


@pytest.fixture
def admin(pool: dict[str, Any]) -> str:
    return sign_in(pool, "adm")


def test_creating_an_agency_creates_its_sign_in_group(pool: dict[str, Any], admin: str) -> None:
    agency = {
        "id": "ubnd-xa-tac-van",
        "name": "UBND xã Tắc Vân",
        "kind": "commune",
        "emails": ["tacvan@demo.vn"],
    }
    status, created = staff_call("POST", "/v1/admin/agencies", agency, token=admin)
    assert (status, created["id"]) == (201, "ubnd-xa-tac-van")
    idp = boto3.client("cognito-idp", region_name=REGION)
    groups = {g["GroupName"] for g in idp.list_groups(UserPoolId=pool["pool_id"])["Groups"]}
    assert "agency:ubnd-xa-tac-van" in groups
    assert staff_call("POST", "/v1/admin/agencies", agency, token=admin)[0] == 409
    listed = staff_call("GET", "/v1/admin/agencies", token=admin)[1]["items"]
    assert "ubnd-xa-tac-van" in {a["id"] for a in listed}


def test_only_admins_edit_the_directory(pool: dict[str, Any]) -> None:
    for user in ("op", "lead", "dl"):
        status, body = staff_call(
            "PUT", "/v1/admin/settings", {"auto_publish": True}, token=sign_in(pool, user)
        )
        assert (status, body["error"]["code"]) == (403, "forbidden"), user


def test_a_new_area_and_rule_route_the_next_report(aws: Resources, sqs: Any, admin: str) -> None:
    area = {"name": "Xã Thử Nghiệm", "kind": "commune", "geometry": SQUARE}
    status, _ = staff_call(
        "PUT", "/v1/admin/areas/xa-thu-nghiem", area, token=admin, route="/v1/admin/areas/{id}"
    )
    assert status == 200
    status, rule = staff_call(
        "PUT", "/v1/admin/rules/ha_tang_do_thi.xa-thu-nghiem", {"agency_id": "so-noi-vu"},
        token=admin, route="/v1/admin/rules/{id}",
    )  # fmt: skip
    assert (status, rule["area_code"]) == (200, "xa-thu-nghiem")
    from services.routing.dal.area_lookup import reset
    from services.routing.handlers.routing_worker import directory

    directory.clear_cache()
    reset()  # another process: the admin's change reaches the worker when its cache expires
    status, created = api_call(
        "POST",
        "/v1/reports",
        {
            "description": "Nắp cống bị vỡ giữa đường",
            "category": "ha_tang_do_thi",
            "location": {"lat": 9.31, "lon": 105.31},
        },
    )
    pump(sqs, aws, "routing")
    report = ReportRepository().get(created["id"])
    assert report is not None
    assert (report.location.area_code, report.agency_id) == ("xa-thu-nghiem", "so-noi-vu")
    status, _ = staff_call(
        "DELETE", "/v1/admin/rules/ha_tang_do_thi.xa-thu-nghiem", token=admin, route="/v1/admin/rules/{id}"
    )
    assert status == 204
    assert (
        staff_call(
            "DELETE",
            "/v1/admin/rules/ha_tang_do_thi.xa-thu-nghiem",
            token=admin,
            route="/v1/admin/rules/{id}",
        )[0]
        == 404
    )


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Point", "coordinates": [105.3, 9.3]},
        {
            "type": "Polygon",
            "coordinates": [[[105.3, 9.3], [105.32, 9.32], [105.32, 9.3], [105.3, 9.32], [105.3, 9.3]]],
        },
        {"type": "Polygon", "coordinates": "nonsense"},
        {"nothing": True},
    ],
    ids=["point", "self-crossing", "nonsense", "not-geojson"],
)
def test_bad_outlines_are_422(admin: str, geometry: dict[str, Any]) -> None:
    status, body = staff_call(
        "PUT",
        "/v1/admin/areas/xa-loi",
        {"name": "Xã Lỗi", "geometry": geometry},
        token=admin,
        route="/v1/admin/areas/{id}",
    )
    assert status == 422, body
    assert "geometry" in body["error"]["fields"]


def test_rules_must_name_known_things(admin: str) -> None:
    status, body = staff_call(
        "PUT",
        "/v1/admin/rules/dien.phuong-khong-co",
        {"agency_id": "khong-co"},
        token=admin,
        route="/v1/admin/rules/{id}",
    )
    assert status == 422
    assert set(body["error"]["fields"]) == {"area", "agency_id"}
    rules = staff_call("GET", "/v1/admin/rules", token=admin)[1]["items"]
    ward_rule = {
        "category": "ha_tang_do_thi",
        "area_code": "phuong-an-xuyen",
        "agency_id": "ubnd-phuong-an-xuyen",
    }
    assert {"id": "ha_tang_do_thi.phuong-an-xuyen", **ward_rule} in rules
    assert {"id": "dien.all", "category": "dien", "area_code": "*", "agency_id": "dien-luc"} in rules


def test_categories_keep_their_extra_fields(admin: str) -> None:
    category = {
        "name_vi": "Cấp nước", "name_en": "Water supply", "answer_days": 3,
        "fields": [{"code": "ma_dong_ho", "name_vi": "Mã đồng hồ nước", "name_en": "Meter number"}],
    }  # fmt: skip
    status, saved = staff_call(
        "PUT", "/v1/admin/categories/cap_nuoc", category, token=admin, route="/v1/admin/categories/{id}"
    )
    assert (status, saved["fields"][0]["code"]) == (200, "ma_dong_ho")
    listed = staff_call("GET", "/v1/admin/categories", token=admin)[1]["items"]
    assert "cap_nuoc" in {c["code"] for c in listed}


def test_a_categorys_deadlines_per_urgency_are_saved_and_bounded(admin: str) -> None:
    from shared.directory import DirectoryRepository
    from shared.models import Urgency
    from shared.sla_policy import SlaSettings, deadlines_for, policy_from

    route = "/v1/admin/categories/{id}"
    category = {
        "name_vi": "Cây xanh", "name_en": "Trees", "answer_days": 6,
        "deadlines": {"urgent": {"accept_hours": 4, "answer_days": 3}},
    }  # fmt: skip
    status, saved = staff_call("PUT", "/v1/admin/categories/cay_xanh", category, token=admin, route=route)
    assert (status, saved["deadlines"]) == (200, {"urgent": {"accept_hours": 4, "answer_days": 3}})
    listed = staff_call("GET", "/v1/admin/categories", token=admin)[1]["items"]
    assert next(c for c in listed if c["code"] == "cay_xanh")["deadlines"]["urgent"]["answer_days"] == 3
    # The SLA clocks read the same stored category: urgent reports get 3 days, the others the default.
    stored = DirectoryRepository().category("cay_xanh")
    policy = policy_from(SlaSettings())
    assert deadlines_for(stored, Urgency.URGENT, policy).answer_days == 3
    assert deadlines_for(stored, Urgency.NORMAL, policy).answer_days == 6

    for deadlines, field in [
        ({"urgent": {"accept_hours": 4, "answer_days": 31}}, "deadlines.urgent.answer_days"),
        ({"urgent": {"accept_hours": 0.5, "answer_days": 3}}, "deadlines.urgent.accept_hours"),
        ({"normal": {"accept_hours": 81, "answer_days": 3}}, "deadlines.normal.accept_hours"),
        ({"rush": {"accept_hours": 4, "answer_days": 3}}, "deadlines.rush"),
    ]:
        status, refused = staff_call(
            "PUT",
            "/v1/admin/categories/cay_xanh",
            {**category, "deadlines": deadlines},
            token=admin,
            route=route,
        )
        assert status == 422, refused
        assert field in str(refused["error"].get("fields")), refused
        assert refused["error"]["message_vi"] and refused["error"]["message_en"]
    listed = staff_call("GET", "/v1/admin/categories", token=admin)[1]["items"]
    assert next(c for c in listed if c["code"] == "cay_xanh")["deadlines"]["urgent"]["answer_days"] == 3
