"""Notify's chat channels: a reporter who wrote from Zalo OA or Messenger hears back there, once per event;
the delivery log masks the chat id; the chat text is each reporter message's `chat` block."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from services.notify.dal.exactly_once import OnceMessages
from services.notify.dal.message_templates import messages, render
from services.notify.logic.announce import announce
from services.notify.logic.chat_retry import chat_retry_delay
from services.notify.models import Delivery
from shared.events import EventType
from shared.models import ChatContact, Reporter
from tests.unit.notify_fakes import FakeLog
from tests.unit.test_notify_logic import NOW, World

USER = "2468458835291979221"


@pytest.mark.parametrize("platform", ["zalo", "messenger"])
def test_a_chat_reporter_hears_back_in_the_chat_and_the_log_masks_the_id(platform: str) -> None:
    world = World(Reporter(chat=ChatContact(platform=platform, user_id=USER)))  # type: ignore[arg-type]
    for event_type in (EventType.SUBMITTED, EventType.ASSIGNED, EventType.CLOSED, EventType.REOPENED):
        announce(world.event(event_type), world.notifier())
    reporter = [(d.recipient, d.channel, d.text) for d in world.messages.sent if d.audience == "reporter"]
    assert [text for _, _, text in reporter] == [
        "sms:reporter_received",  # the fake templates render no chat block: the SMS text stands in
        "sms:reporter_forwarded",
        "sms:reporter_answered",
        "sms:reporter_reopened",
    ]
    assert {(r, c) for r, c, _ in reporter} == {(USER, platform)}
    assert USER not in str([e.model_dump() for e in world.log.entries])


def test_every_reporter_message_has_a_plain_chat_text_in_both_languages() -> None:
    context: dict[str, Any] = {
        "report": World().report,
        "agency_name": "Điện lực",
        "category_name": "Điện",
        "received_at": "08:00 30/11/2026",
        "link": "https://pa.vn/r/PA-AAAA-BBBB",
        "answer": "Đã sửa xong.",
    }
    reporter_messages = [(lang, m) for lang, m in messages() if m.startswith("reporter_")]
    assert len(reporter_messages) == 8
    for language, message in reporter_messages:
        chat = render(message, language, **context).chat
        assert "PA-AAAA-BBBB" in chat and "<" not in chat


class Platform:
    def __init__(self) -> None:
        self.sent: list[tuple[ChatContact, str, datetime | None]] = []
        self.refuse = False

    def send(self, contact: ChatContact, text: str, last_inbound_at: datetime | None) -> str:
        if self.refuse:
            raise RuntimeError("refused")
        self.sent.append((contact, text, last_inbound_at))
        return "mid.1"


class Email:
    def send(self, to: str, subject: str, text: str, html: str) -> str:
        raise AssertionError("no email for a chat reporter")


class Sms:
    def send(self, phone: str, text: str) -> str:
        raise AssertionError("no SMS for a chat reporter")


def test_the_chat_transport_gets_the_contact_and_when_the_person_last_wrote(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(  # idempotency: moto tests
        "services.notify.dal.exactly_once.run_once", lambda f, _config, key, value, **_: f(**{key: value})
    )
    platform, wrote = Platform(), NOW - timedelta(hours=3)
    once = OnceMessages(Email(), Sms(), FakeLog(), platform, lambda contact: wrote)
    delivery = Delivery(
        event_id="e1", report_id="PA-AAAA-BBBB", recipient=USER, channel="messenger", text="Xin chào"
    )
    once.send(delivery)
    assert platform.sent == [(ChatContact(platform="messenger", user_id=USER), "Xin chào", wrote)]
    platform.refuse = True
    with pytest.raises(RuntimeError):  # the event is retried from the queue, then dead-lettered
        once.send(delivery.model_copy(update={"event_id": "e2"}))
    assert once.log.entries[-1].channel == "messenger"  # type: ignore[attr-defined]


def test_a_refused_chat_event_comes_back_later_each_time() -> None:
    assert [chat_retry_delay(n) for n in range(1, 8)] == [30, 60, 120, 240, 480, 900, 900]
