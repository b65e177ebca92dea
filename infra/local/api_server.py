"""Serves the API over HTTP by turning each request into an API Gateway (REST) proxy event.

The same handlers run as in the cloud; routes come from the topology. `/local/inbox` lists the emails
the emulator's SES has accepted, so a newcomer can see what agencies receive.
"""

from __future__ import annotations

import base64
import json
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import SplitResult, parse_qs, urlsplit

from infra.local.inbox import CONTENT_SECURITY_POLICY, render_html, wants_json
from infra.local.invoker import ACCOUNT, Invoker
from infra.local.web import WebApp, owns
from infra.topology import Route

MAX_BODY = 1024 * 1024  # API Gateway's payload limit is 10 MB; nothing here needs more than 1 MB
Log = Callable[[str], None]


def _pattern(path: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\\{(\w+)\\}", r"(?P<\1>[^/]+)", re.escape(path)) + "$")


class Router:
    def __init__(self, routes: list[tuple[Route, Invoker]]) -> None:
        self._routes = [(route, _pattern(route.path), invoker) for route, invoker in routes]

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str], Invoker] | None:
        for route, pattern, invoker in self._routes:
            found = pattern.match(path)
            if found and route.method == method:
                return route, found.groupdict(), invoker
        return None


def proxy_event(
    method: str,
    route: Route,
    path: str,
    params: dict[str, str],
    query: str,
    headers: dict[str, str],
    body: bytes,
) -> dict[str, Any]:
    multi_query = parse_qs(query, keep_blank_values=True)
    return {
        "resource": route.path,
        "path": path,
        "httpMethod": method,
        "headers": headers,
        "multiValueHeaders": {k: [v] for k, v in headers.items()},
        "queryStringParameters": {k: v[-1] for k, v in multi_query.items()} or None,
        "multiValueQueryStringParameters": multi_query or None,
        "pathParameters": params or None,
        "stageVariables": None,
        "requestContext": _request_context(method, route, path, headers),
        "body": body.decode("utf-8", errors="replace") if body else None,
        "isBase64Encoded": False,
    }


def _request_context(method: str, route: Route, path: str, headers: dict[str, str]) -> dict[str, Any]:
    now = datetime.now(UTC)
    return {
        "accountId": ACCOUNT,
        "apiId": "local",
        "resourcePath": route.path,
        "httpMethod": method,
        "path": f"/local{path}",
        "stage": "local",
        "requestId": str(uuid.uuid4()),
        "requestTime": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
        "requestTimeEpoch": int(now.timestamp() * 1000),
        "identity": {
            "sourceIp": headers.get("X-Forwarded-For", "127.0.0.1"),
            "userAgent": headers.get("User-Agent"),
        },
        "protocol": "HTTP/1.1",
    }


def _error(code: str, message_vi: str, message_en: str) -> dict[str, Any]:
    return {"error": {"code": code, "message_vi": message_vi, "message_en": message_en}}


TOO_LARGE = _error("too_large", "Dữ liệu quá lớn.", "Payload too large.")
NO_ROUTE = _error("no_route", "Không có địa chỉ này.", "No such endpoint.")


@dataclass(frozen=True)
class Wiring:
    """What one local server answers with: the API's routes, the inbox, the web app, and where it logs."""

    router: Router
    inbox: Callable[[], list[dict[str, Any]]]
    log: Log
    web: WebApp | None


class LocalHandler(BaseHTTPRequestHandler):
    """One request: the inbox page, a file of the web app, or an API route run as API Gateway would."""

    server_version = "phananh-local"
    wiring: Wiring  # set on the subclass make_server builds

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, payload: Any) -> None:
        self._send(
            status,
            json.dumps(payload, ensure_ascii=False).encode(),
            {"Content-Type": "application/json; charset=utf-8"},
        )

    def _handle(self) -> None:
        started = time.perf_counter()
        url = urlsplit(self.path)
        if self._served_locally(url):
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._json(413, TOO_LARGE)
            return
        body = self.rfile.read(length) if length else b""
        found = self.wiring.router.match(self.command, url.path)
        if found is None:
            self._json(404, NO_ROUTE)
            return
        self._invoke(found, url, body, started)

    def _served_locally(self, url: SplitResult) -> bool:
        """The inbox and the web app's files, which no Lambda serves."""
        if url.path == "/local/inbox" and self.command == "GET":
            self._inbox(url.query)
            return True
        web = self.wiring.web
        if web is not None and self.command == "GET" and owns(url.path):
            self._send(*web.serve(url.path))
            return True
        return False

    def _inbox(self, query: str) -> None:
        messages = self.wiring.inbox()
        if wants_json(query, self.headers.get("Accept")):
            self._json(200, messages)
            return
        headers = {  # a readable page by default
            "Content-Type": "text/html; charset=utf-8",
            "Content-Security-Policy": CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options": "nosniff",
        }
        self._send(200, render_html(messages).encode(), headers)

    def _invoke(
        self, found: tuple[Route, dict[str, str], Invoker], url: SplitResult, body: bytes, started: float
    ) -> None:
        route, params, invoker = found
        event = proxy_event(
            self.command, route, url.path, params, url.query, dict(self.headers.items()), body
        )
        log = self.wiring.log
        try:
            result = invoker(event)
        except Exception as error:  # a crash in a handler is a 502 from API Gateway, never a hang
            log(f"[api] {self.command} {url.path} crashed: {error!r}")
            self._json(502, {"message": "Internal server error"})
            return
        headers = dict(result.get("headers") or {})
        for key, values in (result.get("multiValueHeaders") or {}).items():
            headers[key] = ", ".join(values)
        payload = result.get("body") or ""
        data = base64.b64decode(payload) if result.get("isBase64Encoded") else payload.encode()
        self._send(int(result["statusCode"]), data, headers)
        elapsed_ms = (time.perf_counter() - started) * 1000
        log(f"[api] {self.command} {url.path} → {result['statusCode']} ({elapsed_ms:.0f} ms)")

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

    def log_message(self, format: str, *args: Any) -> None:  # quiet: _handle logs one line per request
        return


def make_server(
    host: str,
    port: int,
    router: Router,
    inbox: Callable[[], list[dict[str, Any]]],
    log: Log,
    web: WebApp | None = None,
) -> ThreadingHTTPServer:
    handler = type("Handler", (LocalHandler,), {"wiring": Wiring(router, inbox, log, web)})
    return ThreadingHTTPServer((host, port), handler)
