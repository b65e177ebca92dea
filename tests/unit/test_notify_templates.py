"""Every message renders in both languages, HTML escapes what people typed, the schedule backs off."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from services.notify.dal.message_templates import messages, render
from services.notify.logic.retry_schedule import MAX_ATTEMPTS, RETRY_DELAYS, next_delay, retry_after
from services.notify.models import WebhookDelivery
from shared.models import Agency, Location, Report, Reporter

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
HOSTILE = "<script>alert('x')</script> & đèn hỏng"


def context() -> dict[str, object]:
    report = Report(
        id="PA-7K3M-Q9XD",
        created_at=NOW,
        updated_at=NOW,
        channel="web",
        description=HOSTILE,
        location=Location(lat=9.1, lon=105.1, address="Khóm 3"),
        reporter=Reporter(name="Nguyễn Văn A"),
    )
    delivery = WebhookDelivery(
        id="msg_1",
        endpoint_id="ep_1",
        agency_id="dien-luc",
        report_id=report.id,
        event_id="e",
        event_type="Report.Assigned",
        body="{}",
        created_at=NOW,
        attempts=8,
    )
    return {
        "report": report,
        "agency": Agency(id="dien-luc", name="Điện lực Cà Mau", kind="company", emails=["a@b.vn"]),
        "agency_name": "Điện lực Cà Mau",
        "category_name": "Điện",
        "received_at": "10:00 23/11/2026",
        "link": "https://example.vn/r/PA-7K3M-Q9XD",
        "staff_link": "https://example.vn/staff/r/PA-7K3M-Q9XD",
        "deadline_name": "phản hồi",
        "due_at": "17:00 26/11/2026",
        "accept_due_at": "16:00 23/11/2026",
        "answer_due_at": "17:00 07/12/2026",
        "answer": HOSTILE,
        "satisfied": False,
        "score": 2,
        "reason": "no_rule",
        "delivery": delivery,
        "endpoint_host": "ep_1",
        "last_outcome": "HTTP 503",
    }


@pytest.mark.parametrize(("language", "message"), messages())
def test_every_message_renders_with_subject_text_and_escaped_html(language: str, message: str) -> None:
    rendered = render(message, language, **context())
    assert rendered.subject and rendered.text and rendered.html
    assert "<script>" not in rendered.html
    assert f'lang="{language}"' in rendered.html
    if HOSTILE.split()[0] in rendered.text:  # plain text keeps what was typed, unescaped
        assert "&lt;" not in rendered.text
    if message.startswith("reporter_"):
        assert rendered.sms and "PA-7K3M-Q9XD" in rendered.sms


BREAKING = "Điện\r\nBcc: attacker@example.com\n\x00\x1b[31m\u2028X-Evil: 1"


@pytest.mark.parametrize(("language", "message"), messages())
def test_names_admins_edit_cannot_break_the_subject_header(language: str, message: str) -> None:
    names = {"agency_name": BREAKING, "category_name": BREAKING, "deadline_name": BREAKING}
    subject = render(message, language, **{**context(), **names}).subject
    assert subject and not any(
        ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c in "\u2028\u2029" for c in subject
    )
    if "Bcc" in subject:  # the name is still there, on the one line
        assert "Điện Bcc: attacker@example.com" in subject


def test_both_languages_have_the_same_messages() -> None:
    by_language: dict[str, set[str]] = {}
    for language, message in messages():
        by_language.setdefault(language, set()).add(message)
    assert by_language["vi"] == by_language["en"]
    assert len(by_language["vi"]) >= 13


def test_retry_delays_back_off_with_jitter_then_stop() -> None:
    rng = random.Random(7)
    delays = [next_delay(n, rng=rng) for n in range(1, MAX_ATTEMPTS + 1)]
    assert delays[-1] is None
    for delay, base in zip(delays[:-1], RETRY_DELAYS, strict=True):
        assert delay is not None and base <= delay <= base * 1.2


def test_retry_after_in_seconds_or_as_a_date_and_capped() -> None:
    assert retry_after("120", NOW) == timedelta(minutes=2)
    assert retry_after("Mon, 23 Nov 2026 04:00:00 GMT", NOW) == timedelta(hours=1)
    assert retry_after("999999999", NOW) == timedelta(hours=24)
    assert retry_after("soon", NOW) is None
    assert next_delay(1, asked=timedelta(hours=1)) == timedelta(hours=1)
