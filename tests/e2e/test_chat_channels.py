"""Zalo OA and Messenger end to end on the local runner: a person chats, the conversation becomes a report
routed to its agency, and the person hears back in the same chat (the fake platforms' outboxes), each
message once. Signatures are checked; the platform user id never leaves the private side."""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infra.local.chat_sign import messenger_event, zalo_event
from services.intake.logic.chat_signatures import messenger_signature, zalo_signature
from tests.e2e.conftest import Running
from tests.e2e.test_casework_flow import id_token
from tests.e2e.test_local_system import eventually

pytestmark = pytest.mark.e2e
DESCRIPTION = "Cột điện nghiêng sắp đổ trước cổng chợ, dây điện võng thấp"
ANSWER = "Điện lực Cà Mau đã dựng lại cột và căng lại dây; đề nghị bà con không lại gần khi mưa bão."


def new_user() -> str:
    return str(10**18 + secrets.randbelow(9 * 10**18))


class Zalo:
    def __init__(self, outputs: dict[str, Any], user: str) -> None:
        self.outputs, self.user = outputs, user

    def signed(self, kind: str, *args: str, at_ms: int | None = None) -> tuple[bytes, dict[str, str]]:
        event = zalo_event(
            self.outputs["zalo_app_id"], self.user, kind, list(args), at_ms or int(time.time() * 1000)
        )
        body = json.dumps(event, ensure_ascii=False).encode()
        mac = zalo_signature(event["app_id"], body, event["timestamp"], self.outputs["zalo_oa_secret"])
        return body, {"Content-Type": "application/json", "X-ZEvent-Signature": mac}

    def post(self, body: bytes, headers: dict[str, str]) -> requests.Response:
        return requests.post(self.outputs["zalo_webhook_url"], data=body, headers=headers, timeout=10)

    def say(self, kind: str, *args: str, expect: str) -> str:
        """Sends a message; the replies since (joined) once one of them says `expect`."""
        before = len(self.inbox())
        response = self.post(*self.signed(kind, *args))
        assert response.status_code == 200, response.text
        return replied(self.inbox, before, expect)

    def inbox(self) -> list[str]:
        return outbox(self.outputs["zalo_outbox_url"], self.user)


def replied(inbox: Callable[[], list[str]], before: int, expect: str) -> str:
    def new() -> str | None:
        texts = "\n".join(inbox()[before:])
        return texts if expect in texts else None

    return eventually(new, what=f"a reply saying {expect!r}")


def outbox(url: str, user: str) -> list[str]:
    sent = requests.get(url, timeout=5).json()
    return [m["text"] for m in sent if m["recipient"] == user]


def count(texts: list[str], needle: str) -> int:
    return sum(needle in t for t in texts)


def act(api: str, report_id: str, headers: dict[str, str], **action: Any) -> None:
    version = requests.get(f"{api}/v1/staff/reports/{report_id}", headers=headers, timeout=10).json()[
        "version"
    ]
    response = requests.post(
        f"{api}/v1/staff/reports/{report_id}/actions",
        json={**action, "version": version},
        headers=headers,
        timeout=10,
    )
    assert response.status_code == 200, response.text


def converse(zalo: Zalo) -> str:
    """Text, location, photo, "gửi": the tracking code the bot answers with."""
    zalo.say("text", DESCRIPTION, expect="Vui lòng chia sẻ vị trí")
    zalo.say("location", "9.1769", "105.1524", expect="Trả lời GỬI")
    zalo.say("image", zalo.outputs["zalo_media_url"], expect="- Ảnh: 1")
    filed = zalo.say("text", "gửi", expect="Mã tra cứu: ")
    return filed.split("Mã tra cứu: ")[1][:12]


def answer_and_publish(outputs: dict[str, Any], code: str) -> None:
    api = outputs["api_url"]
    agency = {"Authorization": f"Bearer {id_token(outputs, 'dienluc1')}"}
    operator = {"Authorization": f"Bearer {id_token(outputs, 'operator1')}"}
    act(api, code, agency, type="accept")
    act(api, code, agency, type="resolve", answer=ANSWER)
    act(api, code, operator, type="publish")


def outputs_others_see(outputs: dict[str, Any], code: str, staff: dict[str, str]) -> list[str]:
    """The public views, Open311, the agency's webhooks and the staff view of the report."""
    api = outputs["api_url"]
    return [
        requests.get(f"{api}/v1/reports/{code}", timeout=10).text,
        requests.get(f"{api}/v1/reports?limit=50", timeout=10).text,
        requests.get(f"{outputs['open311_url']}/requests/{code}.json", timeout=10).text,
        requests.get(outputs["demo_webhook_url"], timeout=5).text,
        requests.get(f"{api}/v1/staff/reports/{code}", headers=staff, timeout=10).text,
    ]


def test_a_zalo_conversation_becomes_a_report_and_the_person_hears_back_in_the_chat(
    local_system: Running,
) -> None:
    outputs, api = local_system.outputs, local_system.outputs["api_url"]
    zalo = Zalo(outputs, new_user())
    code = converse(zalo)
    agency = {"Authorization": f"Bearer {id_token(outputs, 'dienluc1')}"}

    def routed() -> dict[str, Any] | None:
        view = requests.get(f"{api}/v1/staff/reports/{code}", headers=agency, timeout=10)
        return view.json() if view.status_code == 200 and view.json()["answer_due_at"] else None

    view = eventually(routed, what="the report in the power company's inbox")
    assert (view["channel"], view["agency_id"], len(view["photos"])) == ("zalo", "dien-luc", 1)
    eventually(lambda: count(zalo.inbox(), "đã được chuyển đến") == 1, what="'forwarded' in the chat")
    answer_and_publish(outputs, code)
    eventually(lambda: count(zalo.inbox(), ANSWER) == 1, what="the answer in the chat")
    time.sleep(2)  # a repeated delivery would have arrived by now
    texts = zalo.inbox()
    needles = ("Mã tra cứu", "đã tiếp nhận phản ánh của Quý vị", "đã được chuyển đến", ANSWER)
    assert [count(texts, n) for n in needles] == [1, 1, 1, 1]

    zalo.say("text", f"tra cứu {code}", expect=f"Phản ánh {code}: đã hoàn thành")
    Zalo(outputs, new_user()).say("text", code, expect="Không tìm thấy")
    seen = outputs_others_see(outputs, code, agency)
    assert code in seen[3]  # the agency's webhook came
    assert not [text for text in seen if zalo.user in text]
    log = local_system.log.read_text()
    assert zalo.user not in log
    assert "Traceback" not in log and "Warning" not in log, log


def test_a_chat_photo_passes_the_apps_photo_checks_and_is_published(local_system: Running) -> None:
    outputs, api = local_system.outputs, local_system.outputs["api_url"]
    code = converse(Zalo(outputs, new_user()))

    def public_photos() -> list[Any] | None:
        photos = requests.get(f"{api}/v1/reports/{code}", timeout=10).json()["photos"]
        return photos or None

    [photo] = eventually(public_photos, what="the cleaned photo in the public view")
    assert requests.get(photo["url"], timeout=10).headers["Content-Type"] == "image/jpeg"


def test_the_messenger_handshake_answers_only_our_verify_token(local_system: Running) -> None:
    outputs = local_system.outputs
    url = outputs["messenger_webhook_url"]
    token = outputs["messenger_verify_token"]
    handshake = {"hub.mode": "subscribe", "hub.verify_token": token, "hub.challenge": "1158201444"}
    answered = requests.get(url, params=handshake, timeout=5)
    assert (answered.status_code, answered.text) == (200, "1158201444")
    wrong = requests.get(url, params={**handshake, "hub.verify_token": "not-ours"}, timeout=5)
    assert wrong.status_code == 403


def test_a_messenger_conversation_files_a_report_and_hears_back_within_the_window(
    local_system: Running,
) -> None:
    outputs = local_system.outputs
    url = outputs["messenger_webhook_url"]
    psid = new_user()

    def inbox() -> list[str]:
        return outbox(outputs["messenger_outbox_url"], psid)

    def say(kind: str, *args: str, expect: str) -> None:
        body = json.dumps(messenger_event(psid, kind, list(args), int(time.time() * 1000))).encode()
        signature = messenger_signature(body, outputs["messenger_app_secret"])
        before = len(inbox())
        headers = {"Content-Type": "application/json", "X-Hub-Signature-256": signature}
        response = requests.post(url, data=body, headers=headers, timeout=10)
        assert response.status_code == 200, response.text
        replied(inbox, before, expect)

    say("text", "xin chào", expect='Type "English"')
    say("text", "English", expect="Hello!")
    say("text", DESCRIPTION, expect="Got it")
    say("location", "9.1769", "105.1524", expect='Reply "GỬI"')
    say("text", "GUI", expect="Tracking code: PA-")
    code = next(t for t in inbox() if "Tracking code" in t).split("Tracking code: ")[1][:12]
    eventually(lambda: count(inbox(), "was forwarded to") == 1, what="'forwarded' in English")
    answer_and_publish(outputs, code)
    eventually(lambda: count(inbox(), ANSWER) == 1, what="the answer in the chat")
    texts = inbox()
    assert [count(texts, n) for n in ("Tracking code", "we received your report", "was forwarded to")] == [
        1,
        1,
        1,
    ]
    sent = requests.get(f"{outputs['messenger_outbox_url']}?detail=1", timeout=5).json()
    mine = [m for m in sent if m["recipient"] == psid]
    assert {m["messaging_type"] for m in mine} == {"RESPONSE"}  # all inside the 24-hour window


def test_a_wrong_missing_or_stale_signature_is_refused_and_changes_nothing(local_system: Running) -> None:
    outputs = local_system.outputs
    zalo = Zalo(outputs, new_user())
    body, headers = zalo.signed("text", DESCRIPTION)
    wrong = {**headers, "X-ZEvent-Signature": "mac=" + "0" * 64}
    missing = {"Content-Type": "application/json"}
    stale_body, stale_headers = zalo.signed("text", DESCRIPTION, at_ms=int((time.time() - 600) * 1000))
    other_body = body.replace(DESCRIPTION.encode(), b"Another text, signed for the first one")
    refused = [
        zalo.post(body, wrong),
        zalo.post(body, missing),
        zalo.post(stale_body, stale_headers),
        zalo.post(other_body, headers),
        requests.post(
            outputs["messenger_webhook_url"],
            data=json.dumps(messenger_event(zalo.user, "text", [DESCRIPTION], 0)).encode(),
            headers={"Content-Type": "application/json", "X-Hub-Signature-256": "sha256=" + "0" * 64},
            timeout=10,
        ),
    ]
    assert [r.status_code for r in refused] == [401] * 5
    assert all(r.json()["error"]["code"] == "unauthorized" for r in refused)
    time.sleep(3)  # a message let through would have been answered by now
    assert zalo.inbox() == []
    assert outbox(outputs["messenger_outbox_url"], zalo.user) == []


def test_a_message_delivered_twice_has_one_effect(local_system: Running) -> None:
    zalo = Zalo(local_system.outputs, new_user())
    body, headers = zalo.signed("text", DESCRIPTION)
    assert [zalo.post(body, headers).status_code for _ in range(3)] == [200, 200, 200]
    eventually(lambda: zalo.inbox(), what="the reply")
    time.sleep(3)  # the repeats would have been answered by now
    assert len(zalo.inbox()) == 1


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.binary(max_size=200) | st.text(max_size=100).map(str.encode),
    path=st.sampled_from(["zalo_webhook_url", "messenger_webhook_url"]),
    content_type=st.sampled_from(["application/json", "text/plain", ""]),
)
def test_malformed_bodies_over_http_are_never_a_5xx(
    local_system: Running, body: bytes, path: str, content_type: str
) -> None:
    outputs = local_system.outputs
    signature = messenger_signature(body, outputs["messenger_app_secret"])
    headers = {"Content-Type": content_type, "X-Hub-Signature-256": signature, "X-ZEvent-Signature": "mac=1"}
    answer = requests.post(outputs[path], data=body, headers=headers, timeout=10)
    assert answer.status_code < 500, answer.text
