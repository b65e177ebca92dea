"""Case work end to end on the local runner: submit → auto-assign → the agency accepts and resolves → the
operator publishes → the reporter sees the answer. Staff sign in with the emulator's Cognito."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
import requests

from tests.e2e.conftest import Running
from tests.e2e.test_local_system import eventually

pytestmark = pytest.mark.e2e


def id_token(outputs: dict[str, Any], username: str) -> str:
    idp = boto3.client(
        "cognito-idp",
        endpoint_url=outputs["aws_endpoint_url"],
        region_name=outputs["region"],
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    user = next(u for u in outputs["demo_users"] if u["username"] == username)
    return str(
        idp.initiate_auth(
            ClientId=outputs["user_pool_client_id"],
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": username, "PASSWORD": user["password"]},
        )["AuthenticationResult"]["IdToken"]
    )


def test_a_report_is_answered_and_published(local_system: Running) -> None:
    outputs = local_system.outputs
    api = outputs["api_url"]
    created = requests.post(
        f"{api}/v1/reports",
        json={
            "description": "Cột điện nghiêng sắp đổ trước cổng chợ, dây điện võng thấp",
            "location": {"lat": 9.1769, "lon": 105.1524, "address": "Chợ phường An Xuyên"},
            "reporter": {"name": "Phạm Văn Tư", "phone": "0913000222"},
        },
        timeout=10,
    )
    assert created.status_code == 201, created.text
    report_id = created.json()["id"]
    agency = {"Authorization": f"Bearer {id_token(outputs, 'dienluc1')}"}
    operator = {"Authorization": f"Bearer {id_token(outputs, 'operator1')}"}

    def staff_view(headers: dict[str, str]) -> dict[str, Any]:
        response = requests.get(f"{api}/v1/staff/reports/{report_id}", headers=headers, timeout=10)
        assert response.status_code == 200, response.text
        return dict(response.json())

    def in_inbox_with_deadline() -> dict[str, Any] | None:
        inbox = requests.get(f"{api}/v1/staff/reports?status=assigned", headers=agency, timeout=10).json()
        if report_id not in {item["id"] for item in inbox["items"]}:
            return None
        view = staff_view(agency)
        return view if view["answer_due_at"] else None  # the SLA worker has set its deadline

    view = eventually(in_inbox_with_deadline, what="the report in the power company's inbox")
    assert (view["category"], view["category_source"], view["agency_id"]) == (
        "dien",
        "classifier",
        "dien-luc",
    )
    assert view["reporter"]["phone"] == "0913000222"  # the assigned agency must call back

    def act(headers: dict[str, str], **action: Any) -> dict[str, Any]:
        version = staff_view(headers)["version"]
        response = requests.post(
            f"{api}/v1/staff/reports/{report_id}/actions",
            json={**action, "version": version},
            headers=headers,
            timeout=10,
        )
        assert response.status_code == 200, response.text
        return dict(response.json())

    assert act(agency, type="accept")["status"] == "in_progress"
    answer = (
        "Điện lực Cà Mau đã dựng lại cột và căng lại dây ngày 12/3; đề nghị bà con không lại gần khi mưa bão."
    )
    assert act(agency, type="resolve", answer=answer)["status"] == "resolved"
    assert act(operator, type="publish")["status"] == "closed"

    public = requests.get(f"{api}/v1/reports/{report_id}", timeout=10).json()
    assert (public["status"], public["answer"]) == ("closed", answer)
    assert "0913000222" not in str(public)
