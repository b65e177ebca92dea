"""The local inbox: the emails the emulator's SES accepted and the SMS its SNS kept, newest first.

JSON with `?format=json` (or `Accept: application/json`); otherwise a small readable page where each
email's HTML is shown as the recipient would see it, inside a sandboxed frame (no scripts, no forms, no
navigation of the page, no same-origin access) under a restrictive Content-Security-Policy.

The emulator keeps no sending time, so `Inbox` notes when each message first appears: a watcher thread
looks twice a second, close enough to order the messages and tell a person when each was sent.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from html import escape
from typing import Any

from infra.local.invoker import ACCOUNT

# The page's own styles are inline; the emails' frames inherit this policy (no scripts anywhere).
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
WATCH_SECONDS = 0.5


def collect(region: str) -> list[dict[str, Any]]:
    from moto.ses.models import ses_backends
    from moto.sns.models import sns_backends

    emails = [
        {
            "channel": "email",
            "id": m.id,
            "from": m.source,
            "to": m.destinations.get("ToAddresses", []),
            "subject": m.subject,
            "body": m.body,
        }
        for m in ses_backends[ACCOUNT][region].sent_messages
        if hasattr(m, "subject")
    ]
    sms = [
        {"channel": "sms", "id": message_id, "to": [phone], "subject": "", "body": text}
        for message_id, (phone, text) in sns_backends[ACCOUNT][region].sms_messages.items()
    ]
    return emails + sms


class Inbox:
    """The messages with the time each was first seen, newest first."""

    def __init__(
        self,
        source: Callable[[], list[dict[str, Any]]],
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._source, self._clock = source, clock
        self._seen: dict[str, datetime] = {}
        self._lock = threading.Lock()

    def messages(self) -> list[dict[str, Any]]:
        with self._lock:
            items = self._source()
            now = self._clock()
            for item in items:
                self._seen.setdefault(f"{item['channel']}:{item['id']}", now)
            stamped = [
                {**item, "at": self._seen[f"{item['channel']}:{item['id']}"].isoformat(), "_order": i}
                for i, item in enumerate(items)
            ]
        stamped.sort(key=lambda item: (item["at"], item.pop("_order")), reverse=True)
        return stamped


class InboxWatch(threading.Thread):
    """Notes each message's arrival promptly, whether or not anyone has the page open."""

    def __init__(self, inbox: Inbox) -> None:
        super().__init__(name="inbox-watch", daemon=True)
        self.inbox = inbox
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(WATCH_SECONDS):
            try:
                self.inbox.messages()
            except Exception:  # noqa: S112 - the emulator is stopping or busy: look again next time
                continue

    def stop(self) -> None:
        self.stopping.set()


def wants_json(query: str, accept: str | None) -> bool:
    return "format=json" in query or "application/json" in (accept or "")


def _is_html(body: str) -> bool:
    return body.lstrip()[:15].lower().startswith(("<!doctype html", "<html"))


def _shown(body: str) -> str:
    if _is_html(body):
        # srcdoc is an attribute: the email's HTML escaped once is exactly the document the frame shows.
        return (
            f'<iframe sandbox="" referrerpolicy="no-referrer" srcdoc="{escape(body, quote=True)}"></iframe>'
        )
    return f"<pre>{escape(body)}</pre>"


def _when(at: str) -> str:
    moment = datetime.fromisoformat(at).astimezone()
    return f'<time datetime="{escape(at)}">{moment.strftime("%H:%M:%S %d/%m/%Y")}</time>'


def render_html(items: list[dict[str, Any]]) -> str:
    """The page for `items` as `Inbox.messages` gives them (newest first)."""
    rows = "\n".join(
        "<article><h2>{subject}</h2><p>{when} · {channel} · to {to}</p>{body}</article>".format(
            when=_when(item["at"]) if item.get("at") else "",
            channel=escape(item["channel"]),
            to=escape(", ".join(item["to"])),
            subject=escape(item["subject"] or "(SMS)"),
            body=_shown(item["body"] or ""),
        )
        for item in items
    )
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Local inbox — Phản ánh hiện trường</title>
<style>body{{font-family:Arial,sans-serif;max-width:60em;margin:auto}}
article{{border-top:1px solid #ddd;padding:8px 0}} h2{{font-size:1.05em;margin:0}}
p{{color:#555;margin:4px 0}} pre{{white-space:pre-wrap;margin:0}}
iframe{{width:100%;height:22em;border:1px solid #ddd;resize:vertical}}</style></head><body>
<h1>Local inbox</h1><p>{len(items)} messages (emails from SES, SMS from SNS), newest first.
<a href="?format=json">JSON</a></p>
{rows}
</body></html>"""
