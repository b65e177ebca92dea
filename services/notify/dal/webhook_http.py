"""Sends webhooks, and nothing else does: resolves the receiver's name, then POSTs to the address the SSRF
guard checked (no redirects, a total timeout, a capped body)."""

from __future__ import annotations

import time
from collections.abc import Sequence

import urllib3
from urllib3.exceptions import HTTPError, NewConnectionError, TimeoutError

from services.notify.logic.ports import HttpResult
from shared.header_value import header_value
from shared.pinned_http import pinned_pool, resolve
from shared.ssrf_guard import Target

MAX_RESPONSE_BYTES = 4096  # read only to let the connection close cleanly; never stored or shown


class PinnedHttp:
    def resolve(self, host: str, port: int) -> Sequence[str]:
        return resolve(host, port)

    def post(self, target: Target, body: bytes, headers: dict[str, str], timeout_s: float) -> HttpResult:
        return post(target, body, headers, timeout_s)


def post(target: Target, body: bytes, headers: dict[str, str], timeout_s: float) -> HttpResult:
    started = time.monotonic()
    pool = pinned_pool(target)

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
