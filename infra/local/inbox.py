"""The local inbox: the emails the emulator's SES accepted and the SMS its SNS kept, newest last.

JSON with `?format=json` (or `Accept: application/json`); otherwise a small readable HTML page.
"""

from __future__ import annotations

from html import escape
from typing import Any

from infra.local.invoker import ACCOUNT


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


def wants_json(query: str, accept: str | None) -> bool:
    return "format=json" in query or "application/json" in (accept or "")


def render_html(items: list[dict[str, Any]]) -> str:
    rows = "\n".join(
        "<tr><td>{channel}</td><td>{to}</td><td>{subject}</td><td><pre>{body}</pre></td></tr>".format(
            channel=escape(item["channel"]),
            to=escape(", ".join(item["to"])),
            subject=escape(item["subject"] or ""),
            body=escape(item["body"] or "")[:2000],
        )
        for item in reversed(items)
    )
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Local inbox — Phản ánh hiện trường</title>
<style>body{{font-family:Arial,sans-serif}} td{{vertical-align:top;border-top:1px solid #ddd;padding:4px}}
pre{{white-space:pre-wrap;margin:0}}</style></head><body>
<h1>Local inbox</h1><p>{len(items)} messages (emails from SES, SMS from SNS), newest first.
<a href="?format=json">JSON</a></p>
<table><tr><th>channel</th><th>to</th><th>subject</th><th>body</th></tr>
{rows}
</table></body></html>"""
