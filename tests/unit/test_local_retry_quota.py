"""The local run's retry quota (infra/local/retry_quota.py): one shared client retries as much as the
containers it stands for would, where botocore's own quota stops retrying after a hundred retries or so."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore import endpoint
from botocore.exceptions import ClientError
from botocore.retries import quota

from infra.local import retry_quota
from infra.local.faults import FaultInjector, Rule
from tests.support import REGION

CALLS = 120  # each fails every attempt: up to 3 retries at 5 units each


def _attempts_per_call() -> list[int]:
    """Attempts botocore made for each of CALLS calls that always fail (never sent: the injector answers)."""
    injector = FaultInjector([Rule("dynamodb", "GetItem", 1.0, after=False)], gate=lambda: True)
    session = boto3.Session(aws_access_key_id="t", aws_secret_access_key="t", region_name=REGION)
    injector.install(session.events)
    client: Any = session.client("dynamodb", endpoint_url="http://127.0.0.1:9")
    attempts = []
    for _ in range(CALLS):
        before = sum(injector.injected.values())
        with pytest.raises(ClientError):
            client.get_item(TableName="t", Key={"pk": {"S": "a"}})
        attempts.append(sum(injector.injected.values()) - before)
    return attempts


class _NoPauses:
    @staticmethod
    def sleep(_seconds: float) -> None:
        return None


@pytest.fixture
def botocore_quota(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(quota, "RetryQuota", quota.RetryQuota)  # put back after the test
    monkeypatch.setattr(endpoint, "time", _NoPauses)  # botocore sleeps between retries: not here


def test_botocores_own_quota_stops_retrying_a_busy_client(botocore_quota: None) -> None:
    attempts = _attempts_per_call()

    assert attempts[0] > 1
    assert attempts[-1] == 1  # the quota is spent: later failures reach the caller unretried


def test_the_local_quota_keeps_retrying_for_every_container(botocore_quota: None) -> None:
    capacity = retry_quota.install(containers=20)

    attempts = _attempts_per_call()

    assert capacity == 20 * 500
    assert attempts == [attempts[0]] * CALLS and attempts[0] > 1
