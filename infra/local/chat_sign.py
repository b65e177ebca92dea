"""`python -m infra.local.chat_sign`: builds chat platform events and signs them with the local run's keys
(outputs.json), so a conversation can be played with curl.

    BODY=$(.venv/bin/python -m infra.local.chat_sign zalo text "Đèn đường hỏng cả tuần nay")
    SIG=$(.venv/bin/python -m infra.local.chat_sign zalo-mac "$BODY")     # mac=<sha256>
    curl -s -X POST "$ZALO" -H 'Content-Type: application/json' -H "X-ZEvent-Signature: $SIG" -d "$BODY"

Kinds: `text <words>`, `location <lat> <lon>`, `image <url>`, `follow`; `messenger …` and
`messenger-mac <body>` (sha256=<HMAC>) likewise. `--user` names the sender (default a demo user).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import uuid
from typing import Any

from services.intake.logic.chat_signatures import messenger_signature, zalo_signature
from shared.local_run import read_outputs

DEMO_ZALO_USER = "2468458835291979221"
DEMO_PSID = "6245874638712345"
ZALO_EVENTS = {"text": "user_send_text", "location": "user_send_location", "image": "user_send_image"}


def zalo_event(app_id: str, user: str, kind: str, args: list[str], now_ms: int) -> dict[str, Any]:
    message: dict[str, Any] = {"msg_id": uuid.uuid4().hex}
    if kind == "text":
        message["text"] = " ".join(args)
    elif kind == "location":
        coordinates = {"latitude": args[0], "longitude": args[1]}
        message["attachments"] = [{"type": "location", "payload": {"coordinates": coordinates}}]
    elif kind == "image":
        message["attachments"] = [{"type": "image", "payload": {"thumbnail": args[0], "url": args[0]}}]
    event: dict[str, Any] = {
        "app_id": app_id,
        "user_id_by_app": user,
        "event_name": ZALO_EVENTS.get(kind, kind),
        "timestamp": str(now_ms),
        "sender": {"id": user},
        "recipient": {"id": "3886132808788086451"},
    }
    return {**event, "message": message} if kind != "follow" else event


def messenger_event(user: str, kind: str, args: list[str], now_ms: int) -> dict[str, Any]:
    message: dict[str, Any] = {"mid": f"m_{uuid.uuid4().hex}"}
    if kind == "text":
        message["text"] = " ".join(args)
    elif kind == "location":
        coordinates = {"lat": float(args[0]), "long": float(args[1])}
        message["attachments"] = [{"type": "location", "payload": {"coordinates": coordinates}}]
    elif kind == "image":
        message["attachments"] = [{"type": "image", "payload": {"url": args[0]}}]
    item = {"sender": {"id": user}, "recipient": {"id": "104"}, "timestamp": now_ms, "message": message}
    return {"object": "page", "entry": [{"id": "104", "time": now_ms, "messaging": [item]}]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m infra.local.chat_sign", description=__doc__.split("\n")[0]
    )
    parser.add_argument("what", choices=["zalo", "zalo-mac", "messenger", "messenger-mac"])
    parser.add_argument("args", nargs="*")
    parser.add_argument("--user", default=None)
    options = parser.parse_args(argv)
    outputs = read_outputs()
    now_ms = int(time.time() * 1000)
    what, args = options.what, options.args
    if what == "zalo-mac":
        event = json.loads(args[0])
        print(
            zalo_signature(
                event["app_id"], args[0].encode(), event["timestamp"], str(outputs["zalo_oa_secret"])
            )
        )
    elif what == "messenger-mac":
        print(messenger_signature(args[0].encode(), str(outputs["messenger_app_secret"])))
    elif what == "zalo":
        event = zalo_event(
            str(outputs["zalo_app_id"]), options.user or DEMO_ZALO_USER, args[0], args[1:], now_ms
        )
        print(json.dumps(event, ensure_ascii=False))
    else:
        print(
            json.dumps(
                messenger_event(options.user or DEMO_PSID, args[0], args[1:], now_ms), ensure_ascii=False
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
