"""The local runner keeps to this machine: every port it opens answers on loopback only, and its webhooks
cannot be pointed at the AWS emulator (its port, or its /moto-api control routes)."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

import pytest
import requests

from tests.e2e.conftest import Running
from tests.e2e.test_casework_flow import id_token

pytestmark = pytest.mark.e2e


def this_machines_other_address() -> str | None:
    """The address other machines reach this one at (no packet is sent: UDP connect only picks a route)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))
        except OSError:
            return None
        address = str(probe.getsockname()[0])
    return None if address.startswith("127.") else address


def answers(host: str, port: int) -> bool:
    with socket.socket() as client:
        client.settimeout(2)
        return client.connect_ex((host, port)) == 0


def test_every_port_the_runner_opens_is_loopback_only(local_system: Running) -> None:
    outputs = local_system.outputs
    keys = ("api_url", "aws_endpoint_url", "demo_webhook_url", "zalo_outbox_url", "messenger_outbox_url")
    ports = [urlsplit(outputs[key]).port for key in keys]
    assert all(port and answers("127.0.0.1", port) for port in ports)
    other = this_machines_other_address()
    if other is None:
        pytest.skip("this machine has no address but loopback")
    assert not [port for port in ports if port and answers(other, port)]


@pytest.mark.parametrize(
    "target",
    ["{aws}/", "{aws}/moto-api/reset", "http://localhost:{aws_port}/hook", "{api}/moto-api/reset"],
)
def test_webhooks_cannot_target_the_aws_emulator(local_system: Running, target: str) -> None:
    outputs = local_system.outputs
    aws, api = outputs["aws_endpoint_url"], outputs["api_url"]
    url = target.format(aws=aws, api=api, aws_port=urlsplit(aws).port)
    response = requests.post(
        f"{api}/v1/admin/agencies/dien-luc/webhooks",
        json={"url": url},
        headers={"Authorization": f"Bearer {id_token(outputs, 'admin1')}"},
        timeout=10,
    )
    assert response.status_code == 422, response.text
    assert response.json()["error"]["fields"] == {"url": "address_not_allowed"}
