"""Which hosts are on the public internet, judged from a URL alone (no name resolution: pure).

For addresses we publish but never fetch (Open311 `media_url`): an address of a private network, this
machine, a link-local range (the cloud's instance metadata at 169.254.169.254) or a reserved range is
nobody's public photo, and echoing it publicly maps the inside of someone's network. Names are judged by
their form only; services that connect somewhere also check what a name resolves to (notify's guard).
"""

from __future__ import annotations

import ipaddress
import re

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
CARRIER_GRADE_NAT = ipaddress.ip_network("100.64.0.0/10")
NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
LOCAL_SUFFIXES = (".localhost", ".local", ".localdomain", ".internal", ".home.arpa", ".intranet", ".lan")
# Browsers read 2130706433, 0x7f.1 or 017700000001 as 127.0.0.1: any all-numeric host that is not a plain
# dotted quad is refused rather than decoded.
NUMERIC_HOST = re.compile(r"^(0x[0-9a-f]*|[0-9]+)(\.(0x[0-9a-f]*|[0-9]+))*\.?$", re.IGNORECASE)


def is_internal_address(address: IPAddress) -> bool:
    """True for every address outside the public internet (IPv4-mapped and tunnelled forms included)."""
    if isinstance(address, ipaddress.IPv6Address):
        mapped = address.ipv4_mapped
        if mapped is not None:
            return is_internal_address(mapped)
        if address.sixtofour is not None or address.teredo is not None or address.is_site_local:
            return True
        if any(address in network for network in NAT64):
            return True
    return (
        not address.is_global
        or address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or (isinstance(address, ipaddress.IPv4Address) and address in CARRIER_GRADE_NAT)
    )


def is_public_host(host: str) -> bool:
    """Whether a URL's host (as `urlsplit(...).hostname` gives it) names a public place."""
    host = host.lower().rstrip(".")
    try:
        return not is_internal_address(ipaddress.ip_address(host.split("%", 1)[0]))
    except ValueError:
        pass
    if not host or NUMERIC_HOST.match(host) or "." not in host or ":" in host:
        return False  # a bare name only resolves inside some network; odd numeric forms hide addresses
    return not (host == "localhost" or host.endswith(LOCAL_SUFFIXES))
