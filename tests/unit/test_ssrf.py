"""The SSRF guard: which addresses and URLs a webhook may reach (hypothesis over the address space)."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.ssrf_guard import RefusedUrl, check_url, forbidden

FORBIDDEN_V4 = [
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "127.0.0.0/8",
    "169.254.0.0/16",  # link-local, the instance metadata service
    "100.64.0.0/10",  # carrier-grade NAT
    "0.0.0.0/8",
    "224.0.0.0/4",  # multicast
    "240.0.0.0/4",  # reserved
    "192.0.2.0/24",  # documentation
]
FORBIDDEN_V6 = [
    "::1/128",
    "fe80::/10",
    "fc00::/7",
    "ff00::/8",
    "::/128",
    "64:ff9b::/96",
    "2002::/16",
    "fec0::/10",
]


def addresses_in(networks: list[str]) -> st.SearchStrategy[str]:
    def pick(network: str) -> st.SearchStrategy[str]:
        net = ipaddress.ip_network(network)
        return st.integers(0, net.num_addresses - 1).map(lambda n: str(net.network_address + n))

    return st.one_of(*(pick(n) for n in networks))


@given(addresses_in(FORBIDDEN_V4 + FORBIDDEN_V6))
def test_private_and_special_addresses_are_refused(address: str) -> None:
    assert forbidden(ipaddress.ip_address(address))
    with pytest.raises(RefusedUrl):
        check_url("https://agency.example/hook", resolve=lambda host, port: [address])


@given(addresses_in(FORBIDDEN_V4))
def test_ipv4_mapped_ipv6_addresses_are_judged_by_their_ipv4(address: str) -> None:
    assert forbidden(ipaddress.ip_address(f"::ffff:{address}"))


@given(addresses_in(["8.0.0.0/8", "93.184.0.0/16", "2001:4860::/32"]))
def test_public_addresses_are_allowed_over_https(address: str) -> None:
    target = check_url("https://agency.example:8443/hook?x=1", resolve=lambda host, port: [address])
    assert (target.address, target.host, target.port, target.path) == (
        address,
        "agency.example",
        8443,
        "/hook?x=1",
    )
    assert target.host_header == "agency.example:8443"


def test_one_private_address_among_public_ones_is_enough_to_refuse() -> None:
    with pytest.raises(RefusedUrl, match="address_not_allowed"):
        check_url("https://agency.example/", resolve=lambda host, port: ["93.184.216.34", "10.1.2.3"])


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://93.184.216.34/hook", "https_required"),
        ("ftp://agency.example/hook", "https_required"),
        ("https://user:pass@agency.example/hook", "credentials_in_url"),
        ("https:///hook", "malformed_url"),
        ("https://agency.example:99999/", "malformed_url"),
        ("https://agency.example/a b", "malformed_url"),
        ("https://agency.example/" + "a" * 3000, "malformed_url"),
        ("https://127.0.0.1/hook", "address_not_allowed"),
        ("https://[::1]/hook", "address_not_allowed"),
    ],
)
def test_urls_refused_in_the_cloud(url: str, reason: str) -> None:
    with pytest.raises(RefusedUrl) as refused:
        check_url(url, resolve=lambda host, port: [host.strip("[]")])
    assert refused.value.reason == reason


def test_the_local_profile_allows_http_to_loopback_only() -> None:
    assert check_url("http://127.0.0.1:9000/hook", resolve=literal, local=True).address == "127.0.0.1"
    with pytest.raises(RefusedUrl, match="address_not_allowed"):
        check_url("http://10.0.0.5/hook", resolve=literal, local=True)
    with pytest.raises(RefusedUrl, match="https_required"):
        check_url("http://agency.example/hook", local=True, resolve=lambda host, port: ["93.184.216.34"])


EMULATOR_PORT = 4566


@pytest.mark.parametrize(
    "url",
    [
        f"http://127.0.0.1:{EMULATOR_PORT}/",
        f"http://localhost:{EMULATOR_PORT}/hook",
        f"http://[::1]:{EMULATOR_PORT}/hook",
        f"http://127.0.0.2:{EMULATOR_PORT}/",
        "http://127.0.0.1:9000/moto-api/reset",
        "http://127.0.0.1:9000/MOTO-API/reset",
        "http://127.0.0.1:9000/%6Doto-api/reset",
        "http://127.0.0.1:9000/%256Doto-api/reset",
        "http://127.0.0.1:9000/x/../moto-api/reset",
        "http://127.0.0.1:9000/hook?next=/moto-api/reset",
    ],
)
def test_the_local_profile_refuses_the_aws_emulator_and_its_control_api(url: str) -> None:
    def resolve(host: str, port: int) -> list[str]:
        return ["127.0.0.1"] if host == "localhost" else literal(host, port)

    with pytest.raises(RefusedUrl, match="address_not_allowed"):
        check_url(url, resolve=resolve, local=True, refused_ports={EMULATOR_PORT})


def test_the_emulators_address_comes_from_the_runners_endpoint_setting() -> None:
    from services.notify.dal.environment import emulator_ports

    assert emulator_ports(f"http://127.0.0.1:{EMULATOR_PORT}") == [EMULATOR_PORT]
    assert emulator_ports("") == []  # the cloud: no emulator


def test_a_host_that_does_not_resolve_is_refused() -> None:
    with pytest.raises(RefusedUrl, match="unresolvable_host"):
        check_url("https://nowhere.example/hook", resolve=lambda host, port: [])


def literal(host: str, port: int) -> list[str]:
    return [host.strip("[]")]
