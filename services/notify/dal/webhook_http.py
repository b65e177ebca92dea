"""One webhook POST to an address the SSRF guard checked: no redirects, a total timeout, a capped body.

urllib3 (already in every Lambda through botocore) connects to the checked IP address while keeping the
URL's host name for the Host header, TLS SNI and certificate verification.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import urllib3
from urllib3.exceptions import HTTPError, NewConnectionError, TimeoutError

from services.notify.webhooks.ssrf import Target

MAX_RESPONSE_BYTES = 4096  # read only to let the connection close cleanly; never stored or shown


@dataclass(frozen=True)
class HttpResult:
    status: int | None  # None when no HTTP answer came back
    latency_ms: int
    error: str | None = None  # short code: timeout, connection_failed, ...
    retry_after: str | None = None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def post(target: Target, body: bytes, headers: dict[str, str], timeout_s: float) -> HttpResult:
    started = time.monotonic()
    pool: urllib3.HTTPConnectionPool
    if target.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            target.address,
            target.port,
            server_hostname=target.host,
            assert_hostname=target.host,
            cert_reqs="CERT_REQUIRED",
            maxsize=1,
        )
    else:
        pool = urllib3.HTTPConnectionPool(target.address, target.port, maxsize=1)

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        response = pool.urlopen(
            "POST",
            target.path,
            body=body,
            headers={**headers, "Host": target.host_header},
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
