"""The chat channels' logic on fakes: signatures, the platforms' events as messages, the conversation."""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.intake.dal.chat_bus import ChatBus
from services.intake.dal.chat_filings import ChatFilings
from services.intake.dal.chat_photo_download import ChatPhotoDownloads
from services.intake.dal.chat_table import ChatConversations
from services.intake.logic.chat_inbound import (
    ChatInbox,
    MessengerKeys,
    ZaloKeys,
    messenger_handshake,
    receive_messenger,
    receive_zalo,
)
from services.intake.logic.chat_machine import ChatState, advance, folded, tracking_code
from services.intake.logic.chat_message import ChatMessage, from_messenger, from_zalo
from services.intake.logic.chat_signatures import (
    messenger_signature,
    messenger_valid,
    zalo_signature,
    zalo_valid,
)
from services.intake.logic.chat_turn import (
    ChatDeps,
    ChatPhotos,
    ChatReplies,
    Conversations,
    OnceFiling,
    take_message,
)
from services.intake.models import Upload
from shared.chat_send.messenger_send import messaging_type
from shared.chat_send.sender import ChatSender
from shared.errors import Forbidden, InvalidInput, Unauthorized
from shared.models import Channel
from tests.fakes import FakeDirectory, FakeReports
from tests.unit.chat_fakes import FakeConversations, FakeFilings, FakeInbox, FakePhotos, FakeReplies
from tests.unit.test_intake_rules import FakeUploads

# mypy checks these: a fake or an adapter drifting from its Protocol fails `make typecheck`.
_conversations: list[type[Conversations]] = [FakeConversations, ChatConversations]
_replies: list[type[ChatReplies]] = [FakeReplies, ChatSender]
_photos: list[type[ChatPhotos]] = [FakePhotos, ChatPhotoDownloads]
_filings: list[type[OnceFiling]] = [FakeFilings, ChatFilings]
_inboxes: list[type[ChatInbox]] = [FakeInbox, ChatBus]

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
APP_ID, OA_SECRET = "3608465249409039671", "oa-secret"
ZALO = ZaloKeys(app_id=APP_ID, oa_secret=OA_SECRET)
MESSENGER = MessengerKeys(app_secret="app-secret", verify_token="verify-me")
USER = "2468458835291979221"
DESCRIPTION = "Đèn đường hỏng cả tuần nay ở đầu hẻm 12"


def zalo_body(event_name: str = "user_send_text", at: datetime = NOW, **message: Any) -> bytes:
    event = {
        "app_id": APP_ID,
        "event_name": event_name,
        "timestamp": str(int(at.timestamp() * 1000)),
        "sender": {"id": USER},
        "recipient": {"id": "3886132808788086451"},
        "message": {"msg_id": "96d3cdf3af150460909", **message},
    }
    return json.dumps(event, ensure_ascii=False).encode()


def zalo_mac(body: bytes) -> str:
    event = json.loads(body)
    return zalo_signature(event["app_id"], body, event["timestamp"], OA_SECRET)


# --- signatures ---------------------------------------------------------------------------------------


def test_a_zalo_event_signed_with_our_secret_for_our_app_within_five_minutes_goes_to_the_worker() -> None:
    inbox = FakeInbox()
    body = zalo_body(text=DESCRIPTION)
    assert receive_zalo(body, zalo_mac(body), ZALO, NOW + timedelta(minutes=4), inbox) == 1
    assert [(m.platform, m.user_id, m.kind, m.text) for m in inbox.messages] == [
        ("zalo", USER, "text", DESCRIPTION)
    ]


@pytest.mark.parametrize(
    "case",
    ["wrong", "missing", "stale", "ahead", "other_app", "other_secret", "body_changed"],
)
def test_a_zalo_event_not_signed_by_the_platform_is_refused_and_goes_nowhere(case: str) -> None:
    inbox = FakeInbox()
    at = {"stale": NOW - timedelta(minutes=6), "ahead": NOW + timedelta(minutes=6)}.get(case, NOW)
    body = zalo_body(text=DESCRIPTION, at=at)
    signature: str | None = zalo_mac(body)
    keys = ZALO
    if case == "wrong":
        signature = "mac=" + "0" * 64
    elif case == "missing":
        signature = None
    elif case == "other_app":
        keys = ZaloKeys(app_id="1", oa_secret=OA_SECRET)
    elif case == "other_secret":
        keys = ZaloKeys(app_id=APP_ID, oa_secret="another")
    elif case == "body_changed":
        body = body.replace("Đèn".encode(), "Cột".encode())
    with pytest.raises(Unauthorized):
        receive_zalo(body, signature, keys, NOW, inbox)
    assert inbox.messages == []


def test_the_zalo_signature_is_sha256_of_app_id_body_timestamp_and_secret_not_an_hmac() -> None:
    import hashlib

    body = b'{"a":1}'
    expected = "mac=" + hashlib.sha256(b"app" + body + b"123" + b"secret").hexdigest()
    assert zalo_signature("app", body, "123", "secret") == expected
    assert zalo_valid(expected, "app", body, "123", "secret")
    assert not zalo_valid(expected, "app", body, "124", "secret")


def test_messenger_events_are_taken_only_with_our_app_secrets_hmac() -> None:
    body = json.dumps(messenger_payload({"mid": "m_1", "text": DESCRIPTION})).encode()
    inbox = FakeInbox()
    assert receive_messenger(body, messenger_signature(body, "app-secret"), MESSENGER, inbox) == 1
    assert inbox.messages[0].platform == "messenger"
    for signature in (None, "sha256=" + "0" * 64, messenger_signature(body, "other"), "sha1=abc"):
        with pytest.raises(Unauthorized):
            receive_messenger(body, signature, MESSENGER, FakeInbox())
    assert not messenger_valid(messenger_signature(body, ""), body, "")


def test_the_messenger_handshake_answers_the_challenge_only_for_our_verify_token() -> None:
    assert messenger_handshake("subscribe", "verify-me", "1158201444", MESSENGER) == "1158201444"
    for mode, token in (("subscribe", "nope"), ("unsubscribe", "verify-me"), (None, None), ("subscribe", "")):
        with pytest.raises(Forbidden):
            messenger_handshake(mode, token, "1", MESSENGER)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=200).map(str.encode))
def test_any_body_is_refused_as_bad_input_or_unsigned_never_a_crash(body: bytes) -> None:
    for call in (
        lambda: receive_zalo(body, "mac=00", ZALO, NOW, FakeInbox()),
        lambda: receive_messenger(body, messenger_signature(body, "app-secret"), MESSENGER, FakeInbox()),
    ):
        with contextlib.suppress(InvalidInput, Unauthorized):
            call()


# --- the platforms' events as messages ----------------------------------------------------------------


def messenger_payload(*messages: dict[str, Any]) -> dict[str, Any]:
    items = [
        {"sender": {"id": "6245874638712345"}, "timestamp": 1764489600000, "message": m} for m in messages
    ]
    return {"object": "page", "entry": [{"id": "104", "time": 1764489600000, "messaging": items}]}


def test_zalo_events_become_messages_and_other_events_are_ignored() -> None:
    location = json.loads(
        zalo_body(
            "user_send_location",
            attachments=[
                {
                    "type": "location",
                    "payload": {"coordinates": {"latitude": "9.1769", "longitude": "105.15"}},
                }
            ],
        )
    )
    image = json.loads(
        zalo_body(
            "user_send_image", text="", attachments=[{"type": "image", "payload": {"url": "https://z/p.jpg"}}]
        )
    )
    found = [from_zalo(location), from_zalo(image)]
    assert [(m.kind, m.lat, m.lon, m.image_url) for m in found if m] == [
        ("location", 9.1769, 105.15, None),
        ("image", None, None, "https://z/p.jpg"),
    ]
    assert from_zalo(json.loads(zalo_body("user_received_message"))) is None
    assert from_zalo({**json.loads(zalo_body()), "sender": {"id": "../../etc"}}) is None  # not an id


def test_messenger_deliveries_become_messages_without_echoes_or_unknown_kinds() -> None:
    payload = messenger_payload(
        {"mid": "m_1", "text": "xin chào"},
        {"mid": "m_2", "is_echo": True, "text": "what the page said"},
        {
            "mid": "m_3",
            "attachments": [{"type": "location", "payload": {"coordinates": {"lat": 9.1, "long": 105.1}}}],
        },
        {"mid": "m_4", "attachments": [{"type": "sticker", "payload": {}}]},
    )
    assert [(m.message_id, m.kind) for m in from_messenger(payload)] == [("m_1", "text"), ("m_3", "location")]
    assert from_messenger({"object": "instagram", "entry": []}) == []


# --- the conversation ---------------------------------------------------------------------------------


class Chat:
    """One person chatting, through take_message, on fakes."""

    def __init__(self, user: str = USER, platform: str = "zalo", reports: FakeReports | None = None) -> None:
        self.user, self.platform, self.count = user, platform, 0
        self.reports, self.replies, self.uploads = reports or FakeReports(), FakeReplies(), FakeUploads()
        self.photos = FakePhotos()
        self.deps = ChatDeps(
            conversations=FakeConversations(),
            replies=self.replies,
            photos=self.photos,
            filings=FakeFilings(),
            reports=self.reports,
            directory=FakeDirectory(),
            uploads=self.uploads,
        )

    def message(self, kind: str = "text", **fields: Any) -> ChatMessage:
        self.count += 1
        return ChatMessage.model_validate(
            {
                "platform": self.platform,
                "user_id": self.user,
                "message_id": f"mid-{self.count}",
                "kind": kind,
                "at": NOW,
                **fields,
            }
        )

    def send(self, message: ChatMessage) -> list[str]:
        before = len(self.replies.sent)
        take_message(message, self.deps, NOW)
        return [text for _, _, text in self.replies.sent[before:]]

    def say(self, kind: str = "text", **fields: Any) -> list[str]:
        if kind == "image":
            url = str(fields["image_url"])
            self.uploads.put(
                Upload(
                    id=f"{len(self.photos.fetched) + 1:032x}",
                    key="k",
                    content_type="image/jpeg",
                    created_at=NOW,
                    usable_until=NOW + timedelta(hours=24),
                )
            ) if "refused" not in url else None
        return self.send(self.message(kind, **fields))


def test_a_whole_conversation_files_a_report_from_the_chat_account() -> None:
    chat = Chat()
    assert "Vui lòng chia sẻ vị trí" in chat.say(text=DESCRIPTION)[0]
    assert "Trả lời GỬI" in chat.say("location", lat=9.1769, lon=105.1524)[0]
    assert chat.say("image", image_url="https://zalo/p.jpg")[0] == "Đã nhận ảnh (1/5)."
    filed = chat.say(text="Gửi!")
    assert filed == [
        "Đã gửi phản ánh. Mã tra cứu: PA-TEST-0001. Kết quả xử lý sẽ được báo trong cuộc trò chuyện này."
    ]
    report = chat.reports.reports["PA-TEST-0001"]
    assert (report.channel, report.description, report.location.lat, len(report.photos)) == (
        Channel.ZALO,
        DESCRIPTION,
        9.1769,
        1,
    )
    assert report.reporter.chat is not None and report.reporter.chat.user_id == USER
    assert report.category is None  # the classifier (routing) decides, or triage
    assert chat.uploads.claims  # the photo is the report's, like an app upload
    assert chat.deps.conversations.load("zalo", USER).stage == "idle"  # type: ignore[union-attr]


def test_a_messenger_report_is_a_facebook_report_and_an_address_can_stand_for_the_place() -> None:
    chat = Chat(platform="messenger", user="6245874638712345")
    chat.say(text=DESCRIPTION)
    assert "Đường Trần Hưng Đạo" in chat.say(text="Đường Trần Hưng Đạo")[0]
    chat.say(text="GUI")
    report = next(iter(chat.reports.reports.values()))
    assert (report.channel, report.location.address, report.location.lat) == (
        Channel.FACEBOOK,
        "Đường Trần Hưng Đạo",
        None,
    )


@pytest.mark.parametrize("word", ["GỬI", "gửi", "Gui", "gui.", " GỬI! "])
def test_send_is_gui_in_any_case_with_or_without_diacritics(word: str) -> None:
    assert folded(word) == "GUI"


def test_a_short_first_text_gets_help_and_starts_nothing() -> None:
    chat = Chat()
    assert "Xin chào" in chat.say(text="alo")[0]
    assert chat.deps.conversations.load("zalo", USER).stage == "idle"  # type: ignore[union-attr]


def test_huy_drops_the_draft_and_gui_without_a_place_asks_for_it() -> None:
    chat = Chat()
    chat.say(text=DESCRIPTION)
    assert "vị trí hoặc nhập địa chỉ trước khi gửi" in chat.say(text="gửi")[0]
    assert chat.say(text="Hủy") == ["Đã hủy bản nháp phản ánh."]
    assert "mô tả sự việc trước" in chat.say(text="GỬI")[0]
    assert chat.reports.reports == {}


def test_english_on_request_and_vietnamese_back() -> None:
    chat = Chat()
    assert "Hello!" in chat.say(text="English")[0]
    assert "Got it" in chat.say(text=DESCRIPTION)[0]
    assert "vị trí" in chat.say(text="Tiếng Việt")[0]


def test_a_repeated_message_id_has_one_effect() -> None:
    chat = Chat()
    message = chat.message(text=DESCRIPTION)
    assert len(chat.send(message)) == 1
    assert chat.send(message) == []
    assert take_message(message, chat.deps, NOW) == "duplicate"


def test_a_turn_repeated_after_a_refused_reply_files_the_report_once() -> None:
    chat = Chat()
    chat.say(text=DESCRIPTION)
    chat.say("location", lat=9.1769, lon=105.1524)
    send = chat.message(text="GỬI")
    chat.replies.refuse = True
    with pytest.raises(RuntimeError):
        chat.send(send)
    chat.replies.refuse = False
    assert "PA-TEST-0001" in chat.send(send)[0]
    assert list(chat.reports.reports) == ["PA-TEST-0001"]


def test_photos_refused_or_beyond_five_are_said_so() -> None:
    chat = Chat()
    chat.say(text=DESCRIPTION)
    assert "Không nhận được ảnh" in chat.say("image", image_url="https://refused/p.jpg")[0]
    for n in range(5):
        chat.say("image", image_url=f"https://zalo/{n}.jpg")
    assert chat.say("image", image_url="https://zalo/6.jpg") == ["Mỗi phản ánh có tối đa 5 ảnh."]


def test_a_code_is_answered_with_the_status_only_for_the_account_that_sent_the_report() -> None:
    chat = Chat()
    chat.say(text=DESCRIPTION)
    chat.say("location", lat=9.1769, lon=105.1524)
    chat.say(text="GỬI")
    assert chat.say(text="tra cứu pa-test-0001")[0] == "Phản ánh PA-TEST-0001: đã tiếp nhận."
    other = Chat(user="999", reports=chat.reports)
    assert "Không tìm thấy" in other.say(text="PA-TEST-0001")[0]
    assert "mã phản ánh" in chat.say(text="tra cứu")[0]


def test_tracking_codes_are_read_as_people_type_them() -> None:
    assert tracking_code("tra cứu pa-7k3m-q9xd") == "PA-7K3M-Q9XD"
    assert tracking_code("PA 7K3M Q9XD nhé") == "PA-7K3M-Q9XD"
    assert tracking_code("Đèn đường hỏng") is None


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=60).map(lambda t: ("text", {"text": t})),
            st.sampled_from(["GỬI", "HỦY", "English", "tra cứu", "PA-TEST-0001"]).map(
                lambda t: ("text", {"text": t})
            ),
            st.just(("location", {"lat": 9.17, "lon": 105.15})),
            st.just(("follow", {})),
        ),
        max_size=12,
    )
)
def test_any_sequence_of_messages_keeps_the_conversation_well_formed(
    messages: list[tuple[str, dict[str, Any]]],
) -> None:
    state = ChatState(platform="zalo", user_id=USER)
    for n, (kind, fields) in enumerate(messages):
        message = ChatMessage.model_validate(
            {"platform": "zalo", "user_id": USER, "message_id": f"m{n}", "kind": kind, "at": NOW, **fields}
        )
        step = advance(state, message)
        state = step.state
        assert step.replies or step.action is not None
        assert (state.stage == "idle") == (state.description == "")
        assert state.stage != "confirm" or state.lat is not None or state.address


def test_messenger_replies_inside_24_hours_are_responses_and_later_ones_account_updates() -> None:
    assert messaging_type(NOW - timedelta(hours=23), NOW) == {"messaging_type": "RESPONSE"}
    later = {"messaging_type": "MESSAGE_TAG", "tag": "ACCOUNT_UPDATE"}
    assert messaging_type(NOW - timedelta(hours=25), NOW) == later
    assert messaging_type(None, NOW) == later


def test_a_draft_whose_photos_expired_is_kept_without_them_and_the_person_told() -> None:
    chat = Chat()
    chat.say(text=DESCRIPTION)
    chat.say("location", lat=9.1769, lon=105.1524)
    chat.say("image", image_url="https://zalo/p.jpg")
    [upload] = chat.uploads.uploads.values()
    chat.uploads.uploads[upload.id] = upload.model_copy(update={"usable_until": NOW - timedelta(minutes=1)})
    assert "quá 24 giờ" in chat.say(text="GỬI")[0]
    assert chat.reports.reports == {}
    assert "PA-TEST-0001" in chat.say(text="GỬI")[0]  # filed without the photo
