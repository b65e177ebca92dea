"""Sends webhooks, and nothing else does: resolves the receiver's name, then POSTs to the address the SSRF
guard checked (no redirects, a total timeout, a capped body)."""

from __future__ import annotations

import socket
import time
from collections.abc import Sequence

import urllib3
from urllib3.exceptions import HTTPError, NewConnectionError, TimeoutError

from services.notify.logic.ports import HttpResult
from services.notify.logic.ssrf_guard import Target
from shared.header_value import header_value

MAX_RESPONSE_BYTES = 4096  # read only to let the connection close cleanly; never stored or shown


class PinnedHttp:
    def resolve(self, host: str, port: int) -> Sequence[str]:
        return resolve(host, port)

    def post(self, target: Target, body: bytes, headers: dict[str, str], timeout_s: float) -> HttpResult:
        return post(target, body, headers, timeout_s)


def resolve(host: str, port: int) -> list[str]:
    """The host's addresses; empty when it does not resolve."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return []
    return [str(info[4][0]) for info in infos]


def _pool(target: Target) -> urllib3.HTTPConnectionPool:
    # urllib3 (already in every Lambda through botocore) connects to the checked IP address while keeping
    # the URL's host name for the Host header, TLS SNI and certificate verification.
    if target.scheme == "https":
        return urllib3.HTTPSConnectionPool(
            target.address,
            target.port,
            server_hostname=target.host,
            assert_hostname=target.host,
            cert_reqs="CERT_REQUIRED",
            maxsize=1,
        )
    return urllib3.HTTPConnectionPool(target.address, target.port, maxsize=1)


def post(target: Target, body: bytes, headers: dict[str, str], timeout_s: float) -> HttpResult:
    started = time.monotonic()
    pool = _pool(target)

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        response = pool.urlopen(
            "POST",
            target.path,
            body=body,
            headers={
                name: header_value(value) for name, value in {**headers, "Host": target.host_header}.items()
            },
            redirect=False,
            retries=False,
            assert_same_host=False,
            timeout=urllib3.Timeout(total=timeout_s),
            preload_content=False,
        )
        try:
            response.read(MAX_RESPONSE_BYTES)
        finally:
            response.release_conn()
        return HttpResult(
            status=response.status, latency_ms=elapsed(), retry_after=response.headers.get("Retry-After")
        )
    except NewConnectionError:  # first: urllib3 makes it a subclass of its TimeoutError
        return HttpResult(status=None, latency_ms=elapsed(), error="connection_failed")
    except TimeoutError:
        return HttpResult(status=None, latency_ms=elapsed(), error="timeout")
    except HTTPError as error:
        return HttpResult(status=None, latency_ms=elapsed(), error=_short(error))
    finally:
        pool.close()


def _short(error: Exception) -> str:
    # Exception texts can echo what the server sent; only the type name leaves this module.
    return type(error).__name__
