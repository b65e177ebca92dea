"""What only the local runner serves stays on this machine: it listens on loopback only, and no deployed
function has a /local route (the inbox of emails and SMS, with reporters' contact data)."""

from __future__ import annotations

import json

import pytest

from infra.local.runner import Options
from infra.topology import TOPOLOGY
from shared.api_document import DOCUMENT


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.10", "10.0.0.2"])  # noqa: S104 - refused hosts
def test_the_runner_refuses_to_listen_beyond_loopback(host: str) -> None:
    with pytest.raises(ValueError, match="loopback"):
        Options(host=host)


def test_the_runner_listens_on_loopback_whatever_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HOST", "BIND", "LISTEN", "ADDRESS"):
        monkeypatch.setenv(name, "0.0.0.0")  # noqa: S104 - a hostile environment, refused
    assert Options.from_env().host == "127.0.0.1"


def test_no_deployed_function_serves_a_local_route() -> None:
    routes = [route.path for function in TOPOLOGY.functions for route in function.routes]
    assert routes and not [path for path in routes if path.startswith("/local")]
    assert not [path for path in json.loads(DOCUMENT.read_text())["paths"] if path.startswith("/local")]
