"""Who may do what: every role × endpoint × owner cell of the staff API, each asserted on its own.

One emulated account for the module (the cells only read, or act on a report of their own), so the
matrix stays fast; each cell gets a fresh report assigned to the power company (dien-luc).
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import boto3
import jwt
import pytest
from moto import mock_aws
from moto.utilities.utils import load_resource

from infra.local.cognito import create_users, provision_user_pool
from infra.local.provision import provision
from infra.seed import DemoUser, load_seed
from infra.topology import TOPOLOGY
from shared import auth
from shared.aws import reset_clients
from shared.directory import DirectoryRepository
from shared.events import EventType, ReportEvent
from shared.ids import new_report_id
from shared.models import Location, PhotoResult, Report, Reporter, Status
from shared.photo_bucket import PhotoBucket
from shared.photo_results import PhotoResults
from tests.integration.conftest import STAFF
from tests.support import PASSWORD, REGION, api_raw, sign_in, staff_call, stored_earlier

# Who is calling: a role, or agency staff who own the report (dien-luc) or not (so-xay-dung).
CALLERS = {
    "anonymous": None,
    "operator": "op",
    "leader": "lead",
    "admin": "adm",
    "owner": "dl",
    "other-agency": "xd",
}
HIDE = {"type": "hide", "reason": "Nội dung nhạy cảm"}
FILE = {"description": "Người dân gọi báo mất điện khu chợ", "location": {"lat": 9.17, "lon": 105.15}}

ACT, ACT_ROUTE = "/v1/staff/reports/{report}/actions", "/v1/staff/reports/{id}/actions"
# endpoint → (method, path with {report}, route, body) ; expected status per caller, in CALLERS order.
ENDPOINTS: dict[str, tuple[str, str, str, Any]] = {
    "me": ("GET", "/v1/staff/me", "/v1/staff/me", None),
    "agency choices": ("GET", "/v1/staff/agencies", "/v1/staff/agencies", None),
    "agency names": ("GET", "/v1/staff/agency-names", "/v1/staff/agency-names", None),
    "list": ("GET", "/v1/staff/reports", "/v1/staff/reports", None),
    "view": ("GET", "/v1/staff/reports/{report}", "/v1/staff/reports/{id}", None),
    "accept (agency)": ("POST", ACT, ACT_ROUTE, {"type": "accept"}),
    "hide (operator)": ("POST", ACT, ACT_ROUTE, HIDE),
    "file hotline report": ("POST", "/v1/staff/reports", "/v1/staff/reports", FILE),
    "read directory": ("GET", "/v1/admin/categories", "/v1/admin/categories", None),
    "edit directory": ("PUT", "/v1/admin/settings", "/v1/admin/settings", {"auto_publish": False}),
}  # fmt: skip
EXPECTED: dict[str, tuple[int, ...]] = {
    #                      anon   op   lead  admin owner other
    "me":                  (401, 200, 200, 200, 200, 200),
    "agency choices":      (401, 200, 200, 200, 403, 403),
    "agency names":        (401, 200, 200, 200, 200, 200),
    "list":                (401, 200, 200, 403, 200, 200),
    "view":                (401, 200, 200, 403, 200, 404),
    "accept (agency)":     (401, 403, 403, 403, 200, 404),
    "hide (operator)":     (401, 200, 403, 403, 403, 404),
    "file hotline report": (401, 201, 403, 403, 403, 403),
    "read directory":      (401, 403, 403, 200, 403, 403),
    "edit directory":      (401, 403, 403, 200, 403, 403),
}  # fmt: skip
CELLS = [
    (endpoint, caller, EXPECTED[endpoint][i]) for endpoint in ENDPOINTS for i, caller in enumerate(CALLERS)
]


@pytest.fixture(scope="module")
def tokens() -> Iterator[dict[str, str]]:
    with mock_aws(), pytest.MonkeyPatch.context() as patch:
        reset_clients()
        session = boto3.Session(region_name=REGION)
        for key, value in provision(session, visibility_timeout_s=0).env.items():
            patch.setenv(key, value)
        load_seed(DirectoryRepository())
        pool = provision_user_pool(session, TOPOLOGY, "http://emulator", ["dien-luc", "so-xay-dung"])
        create_users(
            session,
            pool.pool_id,
            [DemoUser(username=u, password=PASSWORD, groups=g) for u, g in STAFF.items()],
        )
        for key, value in pool.env.items():
            patch.setenv(key, value)
        patch.setattr(
            jwt.PyJWKClient, "fetch_data", lambda self: load_resource("cognitoidp/resources/jwks-public.json")
        )
        reset_clients()
        auth.reset()
        yield {user: sign_in({"client_id": pool.client_id}, user) for user in STAFF}
        auth.reset()
        reset_clients()


def assigned_report(photos: tuple[str, ...] = ()) -> Report:
    now = datetime.now(UTC)
    report = Report(
        id=new_report_id(), created_at=now, updated_at=now, channel="web", category="dien",
        description="Cột điện nghiêng trước nhà số 12", location=Location(lat=9.17, lon=105.15),
        reporter=Reporter(phone="0912000999"), status=Status.ASSIGNED, agency_id="dien-luc",
        photos=list(photos),
    )  # fmt: skip
    event = ReportEvent(
        type=EventType.ASSIGNED, source="test", report_id=report.id, actor="test", correlation_id="matrix",
        data={"agency_id": "dien-luc", "status": "assigned"},
    )  # fmt: skip
    stored_earlier(report, event)
    return report


@pytest.mark.parametrize(("endpoint", "caller", "expected"), CELLS, ids=[f"{e}-{c}" for e, c, _ in CELLS])
def test_access(tokens: dict[str, str], endpoint: str, caller: str, expected: int) -> None:
    method, path, route, body = ENDPOINTS[endpoint]
    report = assigned_report()
    if isinstance(body, dict) and body.get("type"):
        body = {**body, "version": report.version}
    user = CALLERS[caller]
    status, answer = staff_call(
        method, path.format(report=report.id), body, token=tokens[user] if user else None, route=route
    )
    assert status == expected, answer
    if status >= 400:
        assert answer["error"]["message_vi"] and answer["error"]["message_en"]
    if endpoint == "list" and caller != "anonymous" and status == 200:
        listed = report.id in {item["id"] for item in answer["items"]}
        assert listed == (caller != "other-agency")


PHOTO, JPEG = "f" * 32, b"\xff\xd8\xff\xe0 a cleaned copy"
PHOTO_ROUTE = "/v1/staff/reports/{id}/photos/{photo}"
# The staff photo route has the staff view's rules: its column of EXPECTED["view"].
PHOTO_ACCESS = dict(zip(CALLERS, EXPECTED["view"], strict=True))


@pytest.mark.parametrize(("caller", "expected"), PHOTO_ACCESS.items())
def test_photo_access(tokens: dict[str, str], caller: str, expected: int) -> None:
    report = assigned_report(photos=(PHOTO,))
    key = f"public/{report.id}/{PHOTO}.jpg"
    PhotoBucket().put(key, JPEG, "image/jpeg")
    PhotoResults().record(
        report.id,
        PhotoResult(upload_id=PHOTO, status="ready", processed_at=datetime.now(UTC), public_key=key),
    )
    user = CALLERS[caller]
    headers = {"Authorization": f"Bearer {tokens[user]}"} if user else {}
    path = f"/v1/staff/reports/{report.id}/photos/{PHOTO}"
    result = api_raw("GET", path, None, headers, PHOTO_ROUTE, "", "staff-api")
    assert int(result["statusCode"]) == expected, result["body"]
    if expected == 200:
        assert result["isBase64Encoded"] and base64.b64decode(result["body"]) == JPEG
        assert result["multiValueHeaders"]["Content-Type"] == ["image/jpeg"]
