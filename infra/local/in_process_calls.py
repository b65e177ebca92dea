"""The runner's own AWS calls handed to the emulator's WSGI app in this process, not over a socket.

The runner's pollers (SQS receives, deletes, visibility changes), its outbox pipes (the streams' reads,
PutEvents) and its seeding run in the emulator's process (aws_emulator.py): over HTTP each call opened a
TCP connection, started a server thread and parsed the request and the answer on both sides (Werkzeug's
server closes every connection, so nothing was reused). Here a boto3 `before-send` hook on the runner's
own session builds the WSGI request the server would and calls the same app: moto's routing, the
emulator's lock and its fixes, and botocore's serializing, signing, parsing and retries run as before;
only the socket is gone. The handlers' calls still go through the port: hooked on their session too, the
reliability suite left notify's idempotency records "in progress" and sent emails twice, for a reason not
yet found (docs/local-run.md, "Under load"). Local run only: production clients know nothing of this.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from io import BytesIO
from typing import Any
from urllib.parse import urlsplit

from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.hooks import BaseEventHooks
from werkzeug.exceptions import InternalServerError
from werkzeug.test import EnvironBuilder, run_wsgi_app

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class _Raw(BytesIO):
    """An answer's body as botocore reads it: `stream()` for parsed answers, `read()` for streamed ones."""

    def stream(self, **_: Any) -> Iterable[bytes]:
        data = self.read()
        if data:
            yield data


def _text(value: str | bytes) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value  # HTTP headers are latin-1


def _body(request: AWSPreparedRequest) -> bytes:
    body: Any = request.body
    if body is None:
        return b""
    if hasattr(body, "read"):
        start = body.tell() if hasattr(body, "tell") else None
        data = body.read()
        if start is not None:
            body.seek(start)  # botocore rewinds a stream itself before a retry; leave it as found
        return data if isinstance(data, bytes) else str(data).encode()
    return body if isinstance(body, bytes) else str(body).encode()


class InProcessCalls:
    """A `before-send` hook answering requests for `endpoint` (the emulator's URL) from `app`."""

    def __init__(self, endpoint: str, app: WsgiApp) -> None:
        self.prefix = endpoint.rstrip("/") + "/"
        self.app = app

    def install(self, events: BaseEventHooks) -> None:
        """On a session's events before its clients are built (each client copies them when created)."""
        events.register_last("before-send", self)  # type: ignore[arg-type]

    def __call__(self, request: AWSPreparedRequest, **_: Any) -> AWSResponse | None:
        if not (request.url + "/").startswith(self.prefix):
            return None  # not the emulator: over the network as usual
        url = urlsplit(request.url)
        environ = EnvironBuilder(
            path=url.path or "/",
            base_url=f"{url.scheme}://{url.netloc}",
            query_string=url.query,
            method=request.method,
            headers=[(_text(k), _text(v)) for k, v in request.headers.items()],
            input_stream=BytesIO(_body(request)),
            environ_base={"REMOTE_ADDR": "127.0.0.1"},
        ).get_environ()
        try:
            chunks, status, headers = run_wsgi_app(self.app, environ, buffered=True)
        except Exception:  # moto's app runs in debug mode and lets a crash out: the server answers a 500
            chunks, status, headers = run_wsgi_app(InternalServerError(), environ, buffered=True)
        joined: dict[str, str] = {}
        for key, value in headers.items():  # repeated headers joined, as urllib3 reads them
            joined[key] = f"{joined[key]}, {value}" if key in joined else value
        raw = _Raw(b"" if request.method == "HEAD" else b"".join(chunks))
        return AWSResponse(request.url, int(status.split()[0]), joined, raw)  # type: ignore[arg-type]
