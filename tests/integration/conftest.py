from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import boto3
import jwt
import pytest
from moto import mock_aws
from moto.utilities.utils import load_resource

from bench.aws_calls import ApiCalls, Call
from infra.local.cognito import create_users, provision_user_pool
from infra.local.provision import Resources, provision
from infra.seed import DemoUser, load_seed
from infra.topology import TOPOLOGY
from shared import auth
from shared.aws import reset_clients
from shared.directory import DirectoryRepository
from shared.idempotency import reset as reset_idempotency
from tests.support import PASSWORD, PIPES, REGION, start_pipes


def clear_handler_caches() -> None:
    from services.intake.handlers.adapters import directory as intake_directory
    from services.notify.handlers.notify_worker import directory as notify_directory
    from services.notify.handlers.notify_worker import webhooks as notify_webhooks
    from services.routing.dal.area_lookup import reset as reset_areas
    from services.routing.handlers.case_routes import directory as staff_directory
    from services.routing.handlers.case_routes import reports as staff_reports
    from services.routing.handlers.routing_worker import directory as routing_directory
    from services.sla.handlers.sla_worker import directory as sla_directory

    reset_areas()
    reset_idempotency()
    staff_reports.clear()  # copies of another test's reports
    notify_webhooks.endpoints.clear_cache()  # type: ignore[attr-defined]
    for directory in (intake_directory, notify_directory, routing_directory, sla_directory, staff_directory):
        directory.clear_cache()


@pytest.fixture
def aws() -> Iterator[Resources]:
    """A fresh emulated account with every resource of the topology and the demo province."""
    with mock_aws():
        reset_clients()
        clear_handler_caches()
        resources = provision(boto3.Session(region_name=REGION), visibility_timeout_s=0)
        load_seed(DirectoryRepository())
        start_pipes(resources)
        yield resources
        PIPES.clear()
        reset_clients()


@pytest.fixture
def sqs(aws: Resources) -> Any:
    return boto3.client("sqs", region_name=REGION)


@pytest.fixture
def calls(aws: Resources) -> Iterator[Counter[Call]]:
    """Every AWS API call made during the test, by service and operation."""
    recorder = ApiCalls()
    with recorder.installed(), recorder.window() as counts:
        yield counts


# Staff of every role: username → groups (the agency staff of two agencies, to test who sees what).
STAFF = {
    "op": ["operator"],
    "dl": ["agency:dien-luc"],
    "xd": ["agency:so-xay-dung"],
    "lead": ["leader"],
    "adm": ["admin"],
}


@pytest.fixture
def pool(aws: Resources, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """The staff user pool on the emulator with one user per role (see STAFF)."""
    session = boto3.Session(region_name=REGION)
    outputs = provision_user_pool(session, TOPOLOGY, "http://emulator", ["dien-luc", "so-xay-dung"])
    create_users(
        session,
        outputs.pool_id,
        [DemoUser(username=name, password=PASSWORD, groups=groups) for name, groups in STAFF.items()],
    )
    for key, value in outputs.env.items():
        monkeypatch.setenv(key, value)
    # In-process the keys come from the emulator's key set, not over HTTP (the e2e test does that).
    monkeypatch.setattr(
        jwt.PyJWKClient, "fetch_data", lambda self: load_resource("cognitoidp/resources/jwks-public.json")
    )
    reset_clients()
    auth.reset()
    yield {"pool_id": outputs.pool_id, "client_id": outputs.client_id, "issuer": outputs.env["AUTH_ISSUER"]}
    auth.reset()
