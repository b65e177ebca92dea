"""A demo agency webhook receiver on loopback: verifies each delivery with `standardwebhooks`, lists them.

The local runner registers it for one demo agency at startup, so `make run` + a report shows a signed
webhook arriving: GET <demo_webhook_url> lists what it received (newest last) and whether it verified.
Receivers deduplicate on `webhook-id`, as the Standard Webhooks spec asks; this one does too.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

MAX_BODY = 256 * 1024
KEEP = 5000  # a load run sends thousands; still bounded


class DemoReceiver:
    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.secret: str | None = None
        self.received: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer((host, port), self._handler())

    @classmethod
    def on_port(cls, host: str, port: int) -> DemoReceiver:
        """On `port` (the last run's, so its registered endpoint still points here) when it is free."""
        try:
            return cls(host, port)
        except OSError:
            return cls(host)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> None:
        threading.Thread(target=self._server.serve_forever, name="demo-webhook", daemon=True).start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def accept(self, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
        try:
            payload = Webhook(self.secret or "").verify(body, headers)
        except (WebhookVerificationError, ValueError) as error:
            return 401, {"verified": False, "error": type(error).__name__}
        entry = {
            "webhook_id": headers.get("webhook-id"),
            "type": payload.get("type"),
            "report_id": payload.get("data", {}).get("report", {}).get("id"),
            "verified": True,
            "received_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "payload": payload,
        }
        with self._lock:
            if any(r["webhook_id"] == entry["webhook_id"] for r in self.received):
                return 200, {"duplicate": True}
            self.received = [*self.received, entry][-KEEP:]
        return 200, {"ok": True}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def _json(self, status: int, payload: Any) -> None:
                data = json.dumps(payload, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                self._json(200, receiver.received)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length > MAX_BODY:
                    self._json(413, {"error": "too large"})
                    return
                body = self.rfile.read(length)
                self._json(*receiver.accept(body, {k.lower(): v for k, v in self.headers.items()}))

            def log_message(self, format: str, *args: Any) -> None:
                return

        return Handler
