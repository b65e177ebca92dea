"""The AWS emulator the in-process figures run against: moto's server over real HTTP on a free port.

The environment is complete before this returns and before any handler module is imported, because
handlers read their settings (table names, bus, endpoint) at import, as they do in Lambda.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import boto3
from moto.server import ThreadedMotoServer

from bench.env import REGION, handler_env
from bench.sink import quiet
from infra.local.invoker import ACCOUNT
from infra.local.provision import Resources, provision

HOST = "127.0.0.1"


@dataclass
class Emulator:
    endpoint: str
    region: str
    session: boto3.Session
    resources: Resources

    def emails_sent(self) -> int:
        """Read from the emulator's memory, so checking costs no API call."""
        from moto.ses.models import ses_backends

        return len(ses_backends[ACCOUNT][self.region].sent_messages)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@contextmanager
def running(region: str = REGION) -> Iterator[Emulator]:
    """Provisioned from the topology and seeded; the server stops however the block ends (Ctrl-C too)."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request would bury the figures
    port = _free_port()
    server = ThreadedMotoServer(ip_address=HOST, port=port, verbose=False)
    server.start()
    try:
        endpoint = f"http://{HOST}:{port}"
        os.environ.update(handler_env(region))
        os.environ["AWS_ENDPOINT_URL"] = endpoint
        session = boto3.Session(region_name=region)
        resources = provision(session)
        os.environ.update(resources.env)
        with quiet():
            _seed()
        yield Emulator(endpoint=endpoint, region=region, session=session, resources=resources)
    finally:
        server.stop()


def _seed() -> None:
    # Imported here: shared.* reads its settings on first use, which must come after the environment.
    from infra.seed import load_seed
    from shared.aws import reset_clients
    from shared.directory import DirectoryRepository

    reset_clients()
    load_seed(DirectoryRepository())
