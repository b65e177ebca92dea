"""The walking skeleton end to end: HTTP in, an email to the right agency out, on the local runner."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import boto3
import pytest
import requests

from infra.topology import TOPOLOGY
from tests.e2e.conftest import Running, start_local_system

pytestmark = pytest.mark.e2e
T = TypeVar("T")


def eventually(probe: Callable[[], T | None], seconds: float = 15, what: str = "") -> T:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(0.25)
    raise AssertionError(f"not within {seconds} s: {what}")


def emulator_emails(aws_endpoint_url: str) -> list[dict[str, Any]]:
    """Straight from the emulator's SES (moto's model data), not through our own code."""
    data = requests.get(f"{aws_endpoint_url}/moto-api/data.json", timeout=5).json()
    return list(data.get("ses", {}).get("Message", []))


def test_outputs_name_the_endpoints(local_system: Running) -> None:
    outputs = local_system.outputs
    assert {"api_url", "aws_endpoint_url", "region"} <= set(outputs)
    assert outputs["region"] == "ap-southeast-1"
    assert requests.get(f"{outputs['api_url']}/v1/openapi.json", timeout=5).status_code == 200


def test_a_citizen_report_reaches_the_agency_inbox(local_system: Running) -> None:
    api = local_system.outputs["api_url"]
    created = requests.post(
        f"{api}/v1/reports",
        json={
            "description": "Nhà máy gạo xả nước thải ra đường, nước đọng bốc mùi",
            "category": "ve_sinh_moi_truong",
            "location": {"lat": 9.18, "lon": 105.15, "address": "Khóm 3, phường An Xuyên"},
            "reporter": {"name": "Trần Văn Hoan", "phone": "0912000111"},
        },
        timeout=10,
    )
    assert created.status_code == 201, created.text
    report_id = created.json()["id"]

    def assigned_with_deadline() -> dict[str, Any] | None:
        view = requests.get(f"{api}/v1/reports/{report_id}", timeout=5).json()
        return view if view["status"] == "assigned" and view["answer_due_at"] else None

    view = eventually(assigned_with_deadline, what="report assigned with a deadline")
    assert view["agency_id"] == "so-nong-nghiep-moi-truong"
    assert "0912000111" not in json.dumps(view)

    def agency_email() -> dict[str, Any] | None:
        for mail in emulator_emails(local_system.outputs["aws_endpoint_url"]):
            if report_id in mail["subject"]:
                return mail
        return None

    mail = eventually(agency_email, what="the agency's email in the emulator's SES")
    assert mail["destinations"]["ToAddresses"] == ["sonnmt@phananh-demo.vn"]
    assert "Khóm 3, phường An Xuyên" in mail["body"]
    inbox = requests.get(local_system.outputs["inbox_url"], params={"format": "json"}, timeout=5).json()
    assert any(report_id in m["subject"] for m in inbox)
    page = requests.get(local_system.outputs["inbox_url"], timeout=5)  # a readable page by default
    assert page.headers["Content-Type"].startswith("text/html") and report_id in page.text
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    assert '<iframe sandbox=""' in page.text and "<time datetime=" in page.text


def test_a_signed_webhook_reaches_the_demo_agency_receiver(local_system: Running) -> None:
    outputs = local_system.outputs
    assert outputs["demo_webhook_agency"] == "dien-luc"
    created = requests.post(
        f"{outputs['api_url']}/v1/reports",
        json={
            "description": "Đèn đường hỏng cả tuần nay, đường tối",
            "category": "dien",
            "location": {"lat": 9.1769, "lon": 105.1524, "address": "Đường Trần Hưng Đạo"},
            "reporter": {"phone": "0912000222"},
        },
        timeout=10,
    )
    assert created.status_code == 201, created.text
    report_id = created.json()["id"]

    def arrived() -> dict[str, Any] | None:
        received = requests.get(outputs["demo_webhook_url"], timeout=5).json()
        return next((r for r in received if r["report_id"] == report_id), None)

    webhook = eventually(arrived, what="the webhook at the demo receiver")
    assert webhook["verified"] is True and webhook["type"] == "Report.Assigned"
    assert "0912000222" not in json.dumps(webhook)

    def sms() -> list[dict[str, Any]] | None:
        inbox = requests.get(outputs["inbox_url"], params={"format": "json"}, timeout=5).json()
        return [m for m in inbox if m["channel"] == "sms" and report_id in m["body"]] or None

    assert eventually(sms, what="the reporter's SMS")[0]["to"] == ["+84912000222"]


def test_bad_input_over_http_is_a_clear_422(local_system: Running) -> None:
    response = requests.post(
        f"{local_system.outputs['api_url']}/v1/reports",
        data="{broken",
        timeout=5,
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 422
    assert response.json()["error"]["message_vi"]
    assert requests.get(f"{local_system.outputs['api_url']}/v1/nowhere", timeout=5).status_code == 404
    # Outside the API, an unknown path is the web app's to route (SPA fallback), not a 404.
    page = requests.get(f"{local_system.outputs['api_url']}/nowhere", timeout=5)
    assert page.headers["Content-Type"].startswith("text/html")


def test_a_poison_message_really_reaches_the_dead_letter_queue(local_system: Running) -> None:
    outputs = local_system.outputs
    sqs = boto3.client(
        "sqs",
        endpoint_url=outputs["aws_endpoint_url"],
        region_name=outputs["region"],
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    sqs.send_message(QueueUrl=outputs["queues"]["sla"], MessageBody='{"not": "an event"}')

    def dead_letter() -> list[dict[str, Any]] | None:
        return sqs.receive_message(QueueUrl=outputs["dead_letter_queues"]["sla"], WaitTimeSeconds=1).get(
            "Messages"
        )

    # Four quick retries, then the last receive after the consumer's timeout (infra/local/pollers.py).
    last_chance = TOPOLOGY.function("sla-worker").timeout_s
    [dead] = eventually(dead_letter, seconds=last_chance + 45, what="the poison message in the DLQ")
    assert json.loads(dead["Body"]) == {"not": "an event"}


def test_demo_staff_sign_in_with_the_emulators_cognito(local_system: Running) -> None:
    outputs = local_system.outputs
    idp = boto3.client(
        "cognito-idp",
        endpoint_url=outputs["aws_endpoint_url"],
        region_name=outputs["region"],
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    by_name = {u["username"]: u for u in outputs["demo_users"]}
    assert {"operator", "leader", "admin"} <= {g for u in outputs["demo_users"] for g in u["groups"]}
    user = by_name["dienluc1"]
    tokens = idp.initiate_auth(
        ClientId=outputs["user_pool_client_id"],
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": user["username"], "PASSWORD": user["password"]},
    )["AuthenticationResult"]
    me = requests.get(
        f"{outputs['api_url']}/v1/staff/me",
        headers={"Authorization": f"Bearer {tokens['IdToken']}"},
        timeout=10,
    )
    assert me.status_code == 200, me.text
    assert me.json()["agency_id"] == "dien-luc"
    assert requests.get(f"{outputs['api_url']}/v1/staff/me", timeout=5).status_code == 401


def test_the_pipelines_smoke_test_passes_against_the_local_system(local_system: Running) -> None:
    from infra.delivery.smoke import smoke

    assert smoke(local_system.outputs["api_url"]) == []


def test_ctrl_c_stops_cleanly(tmp_path: Path) -> None:
    # A run of its own: the session's run serves the test files that come after this one.
    running = start_local_system(tmp_path)
    assert running.stop() == 0
    assert "Stopped." in running.log.read_text()
