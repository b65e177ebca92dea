"""Fake Zalo OA and Messenger platforms on loopback: they take what the system sends through the send
APIs (checking the token it must have read from the emulator's Secrets Manager) and list it.

GET <outbox url> answers the messages sent, oldest first: `[{"recipient", "text", "at"}]` (with
`?detail=1`, also Messenger's `messaging_type` and `tag`). GET /media/<name>.jpg serves a demo photo, so a
chat image event can point at something real. The local runner sets ZALO_API_BASE / MESSENGER_API_BASE to
these servers' addresses; in the cloud the same code talks to the platforms.
"""

from __future__ import annotations

import io
import json
import secrets
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

MAX_BODY = 64 * 1024
KEEP = 500


def demo_photo() -> bytes:
    """A small JPEG (a street-lamp-blue square with stripes): enough for the photo worker's checks."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 480), (90, 140, 200))
    draw = ImageDraw.Draw(image)
    for x in range(0, 640, 40):
        draw.line([(x, 0), (640 - x, 480)], fill=(250, 200, 40), width=5)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


class FakePlatform:
    """One platform's send API. `send_path` is where messages are posted; `token` is what it expects."""

    def __init__(self, name: str, send_path: str, host: str = "127.0.0.1") -> None:
        self.name, self.send_path = name, send_path
        self.token = ""
        self.refresh_token, self.app_secret = "", ""  # Zalo's OAuth: what a refresh must present
        self.sent: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._photo = b""
        self._server = ThreadingHTTPServer((host, 0), self._handler())

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def outbox_url(self) -> str:
        return f"{self.url}/outbox"

    def start(self) -> None:
        self._photo = demo_photo()
        threading.Thread(target=self._server.serve_forever, name=f"fake-{self.name}", daemon=True).start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def outbox(self, detail: bool) -> list[dict[str, Any]]:
        with self._lock:
            entries = list(self.sent)
        keys = ("recipient", "text", "at", "messaging_type", "tag") if detail else ("recipient", "text", "at")
        return [{k: e[k] for k in keys if k in e} for e in entries]

    def take(self, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, Any]]:
        """A send-API call: Zalo's answer shape ({"error": 0, ...}) or Graph's ({"message_id"} / error)."""
        url = urlsplit(path)
        token = headers.get("access_token") or parse_qs(url.query).get("access_token", [""])[0]
        if url.path == "/v4/oa/access_token" and self.name == "zalo":
            return 200, self.refresh(headers.get("secret_key", ""), parse_qs(body.decode(errors="replace")))
        if url.path != self.send_path:
            return 404, self._refusal(404, "no such endpoint")
        if not self.token or token != self.token:
            return (200 if self.name == "zalo" else 401), self._refusal(-216, "access token is invalid")
        try:
            message = json.loads(body)
            entry = self._entry(message)
        except (ValueError, KeyError, TypeError, AttributeError):
            return 400, self._refusal(-201, "invalid message")
        with self._lock:
            self.sent = [*self.sent, entry][-KEEP:]
        message_id = f"{self.name}-{len(self.sent)}"
        if self.name == "zalo":
            return 200, {"error": 0, "message": "Success", "data": {"message_id": message_id}}
        return 200, {"recipient_id": entry["recipient"], "message_id": message_id}

    def refresh(self, secret_key: str, form: dict[str, list[str]]) -> dict[str, Any]:
        """Zalo's token refresh: a new access token and a new single-use refresh token."""
        given = form.get("refresh_token", [""])[0]
        if not self.app_secret or secret_key != self.app_secret or given != self.refresh_token:
            return {"error": -14014, "message": "invalid refresh token"}
        self.token, self.refresh_token = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        return {"access_token": self.token, "refresh_token": self.refresh_token, "expires_in": "90000"}

    def _entry(self, message: dict[str, Any]) -> dict[str, Any]:
        recipient = message["recipient"]["user_id" if self.name == "zalo" else "id"]
        entry = {
            "recipient": str(recipient),
            "text": str(message["message"]["text"]),
            "at": datetime.now(UTC).isoformat(timespec="milliseconds"),
        }
        if self.name == "messenger":
            entry["messaging_type"] = str(message["messaging_type"])
            if "tag" in message:
                entry["tag"] = str(message["tag"])
        return entry

    def _refusal(self, code: int, text: str) -> dict[str, Any]:
        if self.name == "zalo":
            return {"error": code, "message": text}
        return {"error": {"message": text, "code": code}}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def _send(self, status: int, data: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _json(self, status: int, payload: Any) -> None:
                self._send(status, json.dumps(payload, ensure_ascii=False).encode(), "application/json")

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                if url.path == "/outbox":
                    self._json(200, platform.outbox(detail="detail=1" in url.query))
                elif url.path.startswith("/media/") and url.path.endswith(".jpg"):
                    self._send(200, platform._photo, "image/jpeg")
                else:
                    self._json(404, {"error": "not found"})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length > MAX_BODY:
                    self._json(413, {"error": "too large"})
                    return
                body = self.rfile.read(length)
                headers = {k.lower(): v for k, v in self.headers.items()}
                self._json(*platform.take(self.path, headers, body))

            def log_message(self, format: str, *args: Any) -> None:
                return

        return Handler


def zalo_oa() -> FakePlatform:
    return FakePlatform("zalo", "/v3.0/oa/message/cs")


def messenger() -> FakePlatform:
    return FakePlatform("messenger", "/v21.0/me/messages")
