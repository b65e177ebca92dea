"""The local inbox page: emails shown as sent but sandboxed, newest first, each with its time."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from infra.local.inbox import CONTENT_SECURITY_POLICY, Inbox, render_html

T0 = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
HOSTILE = (
    '<!doctype html><html><body><p>Đèn hỏng</p><script>alert("x")</script><a href="x">link</a></body></html>'
)


def message(n: int, body: str = "Mã phản ánh PA-AAAA-BBBB", channel: str = "sms") -> dict[str, Any]:
    return {"channel": channel, "id": f"m{n}", "to": ["0912345678"], "subject": f"s{n}", "body": body}


def test_messages_are_newest_first_with_the_time_each_was_seen() -> None:
    sent: list[dict[str, Any]] = [message(1)]
    now = [T0]
    inbox = Inbox(lambda: list(sent), clock=lambda: now[0])
    inbox.messages()
    now[0] = T0 + timedelta(minutes=1)
    sent += [message(2), message(3)]
    listed = inbox.messages()
    assert [m["id"] for m in listed] == ["m3", "m2", "m1"]
    assert [m["at"] for m in listed] == [(T0 + timedelta(minutes=1)).isoformat()] * 2 + [T0.isoformat()]
    page = render_html(listed)
    assert page.index("s3") < page.index("s2") < page.index("s1")
    assert f'<time datetime="{T0.isoformat()}">' in page


def test_an_html_email_is_rendered_in_a_sandboxed_frame_and_never_runs() -> None:
    page = render_html([{**message(1, HOSTILE, "email"), "at": T0.isoformat()}])
    [frame] = re.findall(r"<iframe[^>]*>", page)
    assert 'sandbox=""' in frame and "srcdoc=" in frame
    assert "<script>" not in page and "&lt;script&gt;" in frame  # only inside the frame's document
    assert "Đèn hỏng" in frame
    assert "script-src" not in CONTENT_SECURITY_POLICY and "default-src 'none'" in CONTENT_SECURITY_POLICY


def test_an_sms_is_plain_text() -> None:
    page = render_html([{**message(1, "<b>not markup</b>"), "at": T0.isoformat()}])
    assert "<pre>&lt;b&gt;not markup&lt;/b&gt;</pre>" in page and "<iframe" not in page
