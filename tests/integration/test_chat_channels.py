"""The chat channels over moto: the webhook function, the bus, the chat worker, the routing and notify
workers, with the fake platforms of the local run taking what is sent. Keys come from the emulated Secrets
Manager, read once per container."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infra.local.chat_setup import LocalChat, start_chat
from infra.local.chat_sign import messenger_event, zalo_event
from infra.local.provision import Resources
from infra.topology import TOPOLOGY
from services.intake.dal.chat_table import ChatConversations
from services.intake.logic.chat_machine import ChatState
from services.intake.logic.chat_signatures import messenger_signature, zalo_signature
from shared.aws import reset_clients, table
from shared.chat_secrets import forget
from shared.config import get_settings
from shared.errors import Conflict
from shared.repository import ReportRepository
from tests.support import REGION, api_raw, pump, queue_bodies

USER = "2468458835291979221"


@pytest.fixture
def chat(aws: Resources, monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalChat]:
    local = start_chat(boto3.Session(region_name=REGION), TOPOLOGY)
    for key, value in {**local.env, "WEBHOOK_PROFILE": "local"}.items():
        monkeypatch.setenv(key, value)
    reset_clients()
    forget()
    yield local
    local.stop()
    forget()
    get_settings.cache_clear()


def zalo_post(
    chat: LocalChat, kind: str, *args: str, user: str = USER, signed: bool = True
) -> dict[str, Any]:
    event = zalo_event(chat.zalo_keys["app_id"], user, kind, list(args), int(time.time() * 1000))
    body = json.dumps(event, ensure_ascii=False).encode()
    mac = zalo_signature(event["app_id"], body, event["timestamp"], chat.zalo_keys["oa_secret"])
    headers = {"X-ZEvent-Signature": mac} if signed else {}
    return api_raw("POST", "/v1/channels/zalo", body, headers, function="chat-webhooks")


def texts(chat: LocalChat, user: str = USER) -> list[str]:
    return [m["text"] for m in chat.zalo.outbox(detail=False) if m["recipient"] == user]


def test_a_zalo_conversation_is_filed_routed_and_told_back_in_the_chat(
    chat: LocalChat, sqs: Any, aws: Resources
) -> None:
    for kind, args in (
        ("text", ["Cột điện nghiêng sắp đổ trước cổng chợ, dây điện võng thấp"]),
        ("location", ["9.1769", "105.1524"]),
        ("image", [f"{chat.zalo.url}/media/demo.jpg"]),
        ("text", ["GỬI"]),
    ):
        assert zalo_post(chat, kind, *args)["statusCode"] == 200
        assert pump(sqs, aws, "chat", rounds=1) == 1
    code = texts(chat)[-1].split("Mã tra cứu: ")[1][:12]
    report = ReportRepository().get(code)
    assert report is not None and (report.channel.value, len(report.photos)) == ("zalo", 1)
    assert report.reporter.chat is not None and report.reporter.chat.user_id == USER
    pump(sqs, aws, "routing")
    pump(sqs, aws, "notify")
    assert ReportRepository().get(code).agency_id == "dien-luc"  # type: ignore[union-attr]
    assert sum("đã tiếp nhận phản ánh của Quý vị" in t for t in texts(chat)) == 1
    item = table(get_settings().chats_table).get_item(Key={"id": f"zalo#{USER}"})["Item"]
    assert int(item["expires_at"]) - time.time() == pytest.approx(24 * 3600, abs=120)


def test_an_unsigned_event_is_401_and_nothing_reaches_the_worker(
    chat: LocalChat, sqs: Any, aws: Resources
) -> None:
    answer = zalo_post(chat, "text", "Đèn đường hỏng cả tuần nay", signed=False)
    assert answer["statusCode"] == 401
    assert queue_bodies(sqs, aws.queue_urls["chat"]) == []


def test_the_keys_are_read_once_per_container(chat: LocalChat, calls: Counter[Any]) -> None:
    for _ in range(3):
        assert zalo_post(chat, "follow")["statusCode"] == 200
    body = json.dumps(messenger_event("6245874638712345", "text", ["xin chào"], 0)).encode()
    signature = messenger_signature(body, chat.messenger_keys["app_secret"])
    for _ in range(2):
        sent = api_raw(
            "POST",
            "/v1/channels/messenger",
            body,
            {"X-Hub-Signature-256": signature},
            function="chat-webhooks",
        )
        assert sent["statusCode"] == 200
    reads = sum(n for call, n in calls.items() if call.operation == "get_secret_value")
    assert reads == 2  # one per platform


def test_two_turns_from_the_same_state_cannot_both_be_saved(chat: LocalChat) -> None:
    conversations = ChatConversations()
    state = ChatState(platform="zalo", user_id=USER)
    conversations.save(state, datetime.now(UTC))
    loaded = conversations.load("zalo", USER)
    assert loaded is not None
    conversations.save(
        loaded.model_copy(update={"stage": "place", "description": "x" * 10}), datetime.now(UTC)
    )
    with pytest.raises(Conflict):
        conversations.save(loaded, datetime.now(UTC))


bodies = st.one_of(
    st.binary(max_size=300),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
        max_leaves=12,
    ).map(lambda v: json.dumps(v).encode()),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies, path=st.sampled_from(["/v1/channels/zalo", "/v1/channels/messenger"]))
def test_malformed_bodies_get_a_4xx_never_a_5xx(chat: LocalChat, body: bytes, path: str) -> None:
    signature = messenger_signature(body, chat.messenger_keys["app_secret"])  # signed: parsed further
    answer = api_raw(
        "POST",
        path,
        body,
        {"X-Hub-Signature-256": signature, "X-ZEvent-Signature": "mac=0"},
        function="chat-webhooks",
    )
    assert answer["statusCode"] < 500, answer
    if answer["statusCode"] >= 400:
        assert set(json.loads(answer["body"])["error"]) >= {"code", "message_vi", "message_en"}


def test_the_chat_account_is_in_no_public_output_and_no_client_can_set_one(
    chat: LocalChat, sqs: Any, aws: Resources
) -> None:
    for kind, args in (
        ("text", ["Rác thải ùn ứ ở chợ phường 5 nhiều ngày"]),
        ("location", ["9.1769", "105.1524"]),
        ("text", ["gui"]),
    ):
        zalo_post(chat, kind, *args)
        pump(sqs, aws, "chat", rounds=1)
    code = texts(chat)[-1].split("Mã tra cứu: ")[1][:12]
    pump(sqs, aws, "routing")
    seen = [
        api_raw("GET", f"/v1/reports/{code}", route="/v1/reports/{id}")["body"],
        api_raw("GET", "/v1/reports")["body"],
        api_raw(
            "GET",
            f"/open311/v2/requests/{code}.json",
            route="/open311/v2/requests/{id}",
            function="open311-api",
        )["body"],
        api_raw("GET", "/open311/v2/requests.xml", function="open311-api")["body"],
        json.dumps(queue_bodies(sqs, aws.queue_urls["notify"])),
    ]
    assert all(code in text for text in seen[:3])
    assert not [text for text in seen if USER in text]

    smuggled = {
        "description": "Đèn đường hỏng cả tuần nay",
        "location": {"lat": 9.1769, "lon": 105.1524},
        "reporter": {"chat": {"platform": "zalo", "user_id": "123456"}},
    }
    answer = api_raw("POST", "/v1/reports", smuggled)
    assert answer["statusCode"] == 422


def test_a_refused_chat_message_is_retried_later_and_sent_once_accepted(
    chat: LocalChat, sqs: Any, aws: Resources
) -> None:
    for kind, args in (
        ("text", ["Rác thải ùn ứ ở chợ phường 5 nhiều ngày"]),
        ("location", ["9.17", "105.15"]),
    ):
        zalo_post(chat, kind, *args)
        pump(sqs, aws, "chat", rounds=1)
    zalo_post(chat, "text", "GỬI")
    pump(sqs, aws, "chat", rounds=1)
    chat.zalo.token = "rotated-on-the-platform"  # every send is refused now
    assert pump(sqs, aws, "notify", rounds=1) == 1
    attributes = sqs.get_queue_attributes(QueueUrl=aws.queue_urls["notify"], AttributeNames=["All"])[
        "Attributes"
    ]
    assert attributes["ApproximateNumberOfMessagesNotVisible"] == "1"  # held back, not retried at once
    assert pump(sqs, aws, "notify", rounds=1) == 0
    assert sum("đã tiếp nhận" in t for t in texts(chat)) == 0
    chat.zalo.token = chat.zalo_keys["access_token"]  # the platform takes messages again
    held = sqs.receive_message(QueueUrl=aws.queue_urls["notify"], VisibilityTimeout=0, WaitTimeSeconds=0)
    assert held.get("Messages", []) == []  # still waiting out its delay
    redrive_now(sqs, aws.queue_urls["notify"])
    pump(sqs, aws, "notify")
    assert sum("đã tiếp nhận" in t for t in texts(chat)) == 1


def redrive_now(sqs: Any, url: str) -> None:
    """Lets the held-back messages come back at once, as they would after their delay."""
    from moto.sqs.models import sqs_backends

    for queue in sqs_backends["123456789012"][REGION].queues.values():
        if queue.name == url.rsplit("/", 1)[-1]:
            for message in queue._messages:
                message.change_visibility(0)


def test_the_zalo_token_is_refreshed_when_due_and_replies_go_on_with_the_new_one(chat: LocalChat) -> None:
    from infra.local.invoker import Invoker
    from services.intake.dal.zalo_oauth import ZaloSecret

    refresher = Invoker(TOPOLOGY.function("zalo-token-refresh"), REGION)
    assert refresher({}) == {"refreshed": 0}  # the local run's keys are fresh
    secret = ZaloSecret()
    old = secret.read()
    secret.write({**old, "refreshed_at": "2026-01-01T00:00:00+00:00"})
    assert refresher({}) == {"refreshed": 1}
    new = secret.read()
    assert new["access_token"] == chat.zalo.token != old["access_token"]
    assert new["refresh_token"] == chat.zalo.refresh_token != old["refresh_token"]
    zalo_post(chat, "follow")
    assert pump_chat(chat) and texts(chat)  # the bot's reply went out with the new token


def pump_chat(chat: LocalChat) -> int:
    sqs = boto3.client("sqs", region_name=REGION)
    url = sqs.get_queue_url(QueueName="phananh-chat")["QueueUrl"]
    return pump(sqs, Resources(region=REGION, queue_urls={"chat": url}), "chat", rounds=1)


def test_messenger_messages_after_the_24_hour_window_are_account_updates(
    chat: LocalChat, sqs: Any, aws: Resources
) -> None:
    from services.notify.dal.delivery_log_table import DeliveriesTable
    from services.notify.dal.exactly_once import OnceMessages
    from services.notify.models import Delivery
    from shared.chat_send.sender import ChatSender
    from shared.chat_window import last_inbound_at

    psid = "6245874638712345"
    conversations = ChatConversations()
    state = ChatState(platform="messenger", user_id=psid, last_inbound_at=datetime.now(UTC))
    conversations.save(state, datetime.now(UTC))
    once = OnceMessages(None, None, DeliveriesTable(), ChatSender(), last_inbound_at)  # type: ignore[arg-type]
    delivery = Delivery(
        event_id="e1", report_id="PA-AAAA-BBBB", recipient=psid, channel="messenger", text="1"
    )
    once.send(delivery)
    stale = conversations.load("messenger", psid)
    assert stale is not None
    old = stale.model_copy(update={"last_inbound_at": datetime.now(UTC) - timedelta(hours=25)})
    conversations.save(old, datetime.now(UTC))
    once.send(delivery.model_copy(update={"event_id": "e2", "text": "2"}))
    sent = [(m["text"], m["messaging_type"], m.get("tag")) for m in chat.messenger.outbox(detail=True)]
    assert sent == [("1", "RESPONSE", None), ("2", "MESSAGE_TAG", "ACCOUNT_UPDATE")]
