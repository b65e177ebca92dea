"""Which webhook URLs may be called, and the one checked address the request goes to (the rules; the
name resolution is passed in, `dal/webhook_http.py` does it)."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Sequence[str]]

MAX_URL_LENGTH = 2048
CARRIER_GRADE_NAT = ipaddress.ip_network("100.64.0.0/10")
# NAT64 prefixes embed an IPv4 address that a gateway would reach for us: refused outright.
NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
# The AWS emulator's control API (reset, state) in the local profile; never a receiver's path.
EMULATOR_CONTROL = "moto-api"


class RefusedUrl(ValueError):
    """The URL may not be called; `reason` is a short code safe to show and log."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # as written in the URL: the Host header and the TLS server name
    port: int
    path: str  # path and query
    address: str  # the checked address to connect to

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"


def forbidden(address: IPAddress, allow_loopback: bool = False) -> bool:
    """True for every address a webhook must not reach."""
    if isinstance(address, ipaddress.IPv6Address):
        mapped = address.ipv4_mapped
        if mapped is not None:  # ::ffff:10.0.0.1 is 10.0.0.1
            return forbidden(mapped, allow_loopback)
        if address.sixtofour is not None or address.teredo is not None:
            return True  # tunnels to an embedded IPv4 address
        if any(address in network for network in NAT64):
            return True
        if address.is_site_local:
            return True
    if address.is_loopback:
        return not allow_loopback
    return (
        not address.is_global
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or (isinstance(address, ipaddress.IPv4Address) and address in CARRIER_GRADE_NAT)
    )


def check_syntax(url: str, local: bool) -> tuple[str, str, int, str]:
    """(scheme, host, port, path) of an acceptable URL, without touching the network."""
    if len(url) > MAX_URL_LENGTH or any(c.isspace() or ord(c) < 32 for c in url):
        raise RefusedUrl("malformed_url")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise RefusedUrl("malformed_url") from error
    scheme = parts.scheme.lower()
    if scheme not in ({"https", "http"} if local else {"https"}):
        raise RefusedUrl("https_required")
    if not parts.hostname:
        raise RefusedUrl("malformed_url")
    if parts.username is not None or parts.password is not None:
        raise RefusedUrl("credentials_in_url")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    if EMULATOR_CONTROL in unquote(unquote(path)).lower():  # however encoded or dot-segmented
        raise RefusedUrl("address_not_allowed")
    return scheme, parts.hostname, port or (443 if scheme == "https" else 80), path


def check_url(
    url: str, resolve: Resolver, local: bool = False, refused_ports: Collection[int] = ()
) -> Target:
    """The address to call for `url`, or RefusedUrl. `resolve` answers the host's addresses (empty when it
    does not resolve); `local` is the local profile (http to loopback, for the demo receiver and tests),
    where `refused_ports` are loopback ports no webhook may reach (the AWS emulator's).

    An agency's URL is attacker-controlled input as far as the network is concerned: it could point at the
    instance metadata service, a VPC-internal host or localhost. So EVERY address must be public, and the
    caller connects to the checked address, not to the name again (a second lookup could answer
    differently: DNS rebinding).
    """
    scheme, host, port, path = check_syntax(url, local)
    addresses = [ipaddress.ip_address(a.split("%", 1)[0]) for a in resolve(host, port)]
    if not addresses:
        raise RefusedUrl("unresolvable_host")
    for address in addresses:
        if forbidden(address, allow_loopback=local):
            raise RefusedUrl("address_not_allowed")
        if scheme == "http" and not address.is_loopback:
            raise RefusedUrl("https_required")  # plain http only ever to this machine, in the local profile
        if address.is_loopback and port in refused_ports:
            raise RefusedUrl("address_not_allowed")
    return Target(scheme=scheme, host=host, port=port, path=path, address=str(addresses[0]))
