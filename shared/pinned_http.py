"""Connections to an address the SSRF guard checked (shared/ssrf_guard.py), never to the name again."""

from __future__ import annotations

import socket

import urllib3

from shared.ssrf_guard import Target


def resolve(host: str, port: int) -> list[str]:
    """The host's addresses; empty when it does not resolve."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return []
    return [str(info[4][0]) for info in infos]


def pinned_pool(target: Target) -> urllib3.HTTPConnectionPool:
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
