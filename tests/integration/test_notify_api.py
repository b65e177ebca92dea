"""The notify API: admins register and rotate agency webhooks; agencies and operators read the log."""

from __future__ import annotations

import json
from typing import Any

import pytest

from infra.local.api_server import proxy_event
from infra.local.invoker import Invoker
from infra.local.provision import Resources
from infra.topology import TOPOLOGY, Route
from shared.aws import reset_clients
from shared.events import EventType
from tests.integration.notify_support import a_report, an_event, bus_body
from tests.integration.test_staff_auth import forged
from tests.support import REGION, api_call, pump


def call(
    method: str, path: str, route: str, groups: list[str], body: Any = None
) -> tuple[int, dict[str, Any]]:
    token = forged(POOL[0], **{"cognito:groups": groups})
    return api_call(method, path, body, {"Authorization": f"Bearer {token}"}, route, function="notify-api")


POOL: list[dict[str, Any]] = []
WEBHOOKS = "/v1/admin/agencies/{id}/webhooks"
ROTATE = "/v1/admin/agencies/{id}/webhooks/{webhook_id}/rotate"
AGENCY_LOG = "/v1/admin/agencies/{id}/deliveries"


@pytest.fixture(autouse=True)
def signed_in(pool: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("WEBHOOK_PROFILE", "local")
    reset_clients()
    POOL[:] = [pool]
    yield
    POOL.clear()


def test_an_admin_registers_a_webhook_and_sees_its_secret_once(aws: Resources) -> None:
    status, created = call(
        "POST",
        "/v1/admin/agencies/dien-luc/webhooks",
        WEBHOOKS,
        ["admin"],
        {"url": "http://127.0.0.1:9/hook"},
    )
    assert status == 201, created
    assert created["secret"].startswith("whsec_") and len(created["secret"]) >= len("whsec_") + 32
    assert created["id"].startswith("ep_")
    status, listed = call("GET", "/v1/admin/agencies/dien-luc/webhooks", WEBHOOKS, ["agency:dien-luc"])
    assert status == 200
    assert [w["id"] for w in listed["items"]] == [created["id"]]
    assert "secret" not in str(listed)

    status, rotated = call(
        "POST", f"/v1/admin/agencies/dien-luc/webhooks/{created['id']}/rotate", ROTATE, ["admin"]
    )
    assert status == 200, rotated
    assert rotated["secret"].startswith("whsec_") and rotated["secret"] != created["secret"]
    assert rotated["previous_secret_valid_until"]


@pytest.mark.parametrize(
    ("groups", "url", "expected"),
    [
        (["operator"], "http://127.0.0.1:9/hook", 403),
        (["agency:dien-luc"], "http://127.0.0.1:9/hook", 403),
        (["admin"], "http://169.254.169.254/latest/meta-data", 422),
        (["admin"], "http://10.0.0.1/hook", 422),
        (["admin"], "not a url", 422),
    ],
)
def test_only_admins_register_and_only_safe_urls(
    aws: Resources, groups: list[str], url: str, expected: int
) -> None:
    status, body = call("POST", "/v1/admin/agencies/dien-luc/webhooks", WEBHOOKS, groups, {"url": url})
    assert status == expected, body
    assert body["error"]["message_vi"] and body["error"]["message_en"]


def test_unknown_agencies_and_endpoints_are_404(aws: Resources) -> None:
    status, _ = call(
        "POST", "/v1/admin/agencies/nope/webhooks", WEBHOOKS, ["admin"], {"url": "http://127.0.0.1:9/"}
    )
    assert status == 404
    status, _ = call("POST", "/v1/admin/agencies/dien-luc/webhooks/ep_00/rotate", ROTATE, ["admin"])
    assert status == 404


def test_without_sign_in_it_is_401(aws: Resources) -> None:
    status, _ = api_call(
        "GET", "/v1/admin/agencies/dien-luc/deliveries", route=AGENCY_LOG, function="notify-api"
    )
    assert status == 401


def test_agencies_read_their_own_log_and_not_others(aws: Resources, sqs: Any) -> None:
    report = a_report()
    sqs.send_message(
        QueueUrl=aws.queue_urls["notify"], MessageBody=bus_body(an_event(report, EventType.ASSIGNED))
    )
    pump(sqs, aws, "notify")
    status, log = call("GET", "/v1/admin/agencies/dien-luc/deliveries", AGENCY_LOG, ["agency:dien-luc"])
    assert status == 200
    assert {e["recipient"] for e in log["items"]} == {
        "dienluc@phananh-demo.vn",
        "cskh.dienluc@phananh-demo.vn",
    }
    assert call("GET", "/v1/admin/agencies/dien-luc/deliveries", AGENCY_LOG, ["agency:so-xay-dung"])[0] == 404
    assert call("GET", "/v1/admin/agencies/dien-luc/deliveries", AGENCY_LOG, ["operator"])[0] == 200

    def by_report(groups: list[str]) -> tuple[int, dict[str, Any]]:
        token = forged(POOL[0], **{"cognito:groups": groups})

        event = proxy_event(
            "GET",
            Route("GET", "/v1/staff/deliveries"),
            "/v1/staff/deliveries",
            {},
            f"report_id={report.id}",
            {"Authorization": f"Bearer {token}"},
            b"",
        )
        result = Invoker(TOPOLOGY.function("notify-api"), REGION)(event)
        return int(result["statusCode"]), json.loads(result["body"])

    assert by_report(["operator"])[0] == 200
    assert by_report(["agency:so-xay-dung"])[0] == 404
    status, mine = by_report(["agency:dien-luc"])
    assert status == 200 and all(e["audience"] == "agency" for e in mine["items"])
