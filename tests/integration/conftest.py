from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from bench.aws_calls import ApiCalls, Call
from infra.local.provision import Resources, provision
from infra.seed import load_seed
from shared.aws import reset_clients
from shared.directory import DirectoryRepository
from tests.support import REGION


def clear_handler_caches() -> None:
    from services.intake.logic.submit_once import reset as reset_intake_idempotency
    from services.intake.repositories import directory as intake_directory
    from services.notify.logic.once import reset
    from services.notify.worker import directory as notify_directory
    from services.routing.worker import directory as routing_directory
    from services.sla.worker import directory as sla_directory

    reset()
    reset_intake_idempotency()
    for directory in (intake_directory, notify_directory, routing_directory, sla_directory):
        directory.clear_cache()


@pytest.fixture
def aws() -> Iterator[Resources]:
    """A fresh emulated account with every resource of the topology and the demo province."""
    with mock_aws():
        reset_clients()
        clear_handler_caches()
        resources = provision(boto3.Session(region_name=REGION), visibility_timeout_s=0)
        load_seed(DirectoryRepository())
        yield resources
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
