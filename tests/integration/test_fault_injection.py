"""The local run's fault injector (infra/local/faults.py) against a real moto server over HTTP.

A server, not the in-process mock: the mock answers on the same `before-send` event the injector uses,
so only a server can show that a failure injected "before" never reached the emulator.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from moto.server import ThreadedMotoServer

from infra.local.faults import Chaos, FaultInjector, Rule, parse
from infra.local.launch import free_port
from tests.support import REGION

CALLS = 400
NO_RETRIES = Config(retries={"total_max_attempts": 1, "mode": "standard"})


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def _session(injector: FaultInjector) -> boto3.Session:
    session = boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION)
    injector.install(session.events)
    return session


def _plain(endpoint: str) -> Any:
    """A client without the injector."""
    return boto3.client(
        "dynamodb",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id="t",
        aws_secret_access_key="t",
    )


@pytest.fixture
def table(endpoint: str) -> Iterator[str]:
    ddb = _plain(endpoint)
    name = f"t{free_port()}"
    ddb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    yield name
    ddb.delete_table(TableName=name)


def _put_all(client: Any, table: str) -> list[str]:
    """Puts CALLS items; the error code of each call that failed."""
    failures = []
    for i in range(CALLS):
        try:
            client.put_item(TableName=table, Item={"pk": {"S": f"item-{i}"}})
        except ClientError as error:
            failures.append(error.response["Error"]["Code"])
    return failures


def _stored(endpoint: str, table: str) -> int:
    ddb = _plain(endpoint)
    return int(ddb.scan(TableName=table, Select="COUNT")["Count"])


def test_a_share_of_calls_fails_before_reaching_the_emulator(endpoint: str, table: str) -> None:
    injector = FaultInjector(parse("dynamodb.PutItem=0.25"), seed=1)
    client = _session(injector).client("dynamodb", endpoint_url=endpoint, config=NO_RETRIES)

    failures = _put_all(client, table)

    assert 70 <= len(failures) <= 130  # a quarter of 400, give or take the draw
    assert _stored(endpoint, table) == CALLS - len(failures)  # the failed ones never arrived
    assert failures[:3] == ["ThrottlingException", "InternalFailure", "ServiceUnavailable"]
    assert injector.summary()["injected"] == {"dynamodb.PutItem before": len(failures)}


def test_with_after_the_write_happens_and_the_caller_still_sees_an_error(endpoint: str, table: str) -> None:
    injector = FaultInjector(parse("dynamodb.PutItem=0.25:after"), seed=2)
    client = _session(injector).client("dynamodb", endpoint_url=endpoint, config=NO_RETRIES)

    failures = _put_all(client, table)

    assert 70 <= len(failures) <= 130
    assert _stored(endpoint, table) == CALLS  # every write took effect, failures included


def test_other_operations_and_calls_outside_handlers_are_left_alone(endpoint: str, table: str) -> None:
    running = {"handler": True}
    injector = FaultInjector(parse("dynamodb.PutItem=1"), seed=3, gate=lambda: running["handler"])
    client = _session(injector).client("dynamodb", endpoint_url=endpoint, config=NO_RETRIES)

    running["handler"] = False
    client.put_item(TableName=table, Item={"pk": {"S": "outside"}})  # the runner's own call: not failed
    running["handler"] = True
    reads = [client.get_item(TableName=table, Key={"pk": {"S": "outside"}}) for _ in range(50)]

    assert all(r["Item"]["pk"]["S"] == "outside" for r in reads)
    with pytest.raises(ClientError):
        client.put_item(TableName=table, Item={"pk": {"S": "inside"}})
    assert injector.summary() == {
        "calls": {"dynamodb.GetItem": 50, "dynamodb.PutItem": 1},
        "injected": {"dynamodb.PutItem before": 1},
    }


def test_the_errors_are_ones_the_aws_clients_retry(endpoint: str, table: str) -> None:
    """With the clients' default retry policy, as in the handlers, an often failing operation still goes
    through: the injected answers are throttling and 5xx as AWS writes them, in each protocol."""
    injector = FaultInjector(parse("dynamodb.PutItem=0.2,ses.VerifyEmailIdentity=0.2"), seed=4)
    session = _session(injector)
    ddb = session.client("dynamodb", endpoint_url=endpoint)
    ses = session.client("ses", endpoint_url=endpoint)

    for i in range(10):
        ddb.put_item(TableName=table, Item={"pk": {"S": f"retried-{i}"}})
        ses.verify_email_identity(EmailAddress=f"a{i}@example.vn")

    injected = injector.summary()["injected"]
    assert injected["dynamodb.PutItem before"] > 0 and injected["ses.VerifyEmailIdentity before"] > 0
    assert _stored(endpoint, table) == 10


def test_the_same_seed_draws_the_same_failures(endpoint: str, table: str) -> None:
    def pattern(seed: int) -> list[bool]:
        injector = FaultInjector([Rule("dynamodb", "GetItem", 0.3, after=False)], seed=seed)
        client = _session(injector).client("dynamodb", endpoint_url=endpoint, config=NO_RETRIES)
        outcome = []
        for _ in range(40):
            try:
                client.get_item(TableName=table, Key={"pk": {"S": "x"}})
                outcome.append(True)
            except ClientError:
                outcome.append(False)
        return outcome

    assert pattern(5) == pattern(5)
    assert pattern(5) != pattern(6)


@pytest.mark.parametrize(
    "spec",
    ["dynamodb=0.1", "dynamodb.PutItem", "dynamodb.PutItem=abc", "dynamodb.PutItem=1.5", "x.Y=0.1:before"],
)
def test_a_malformed_setting_is_refused_with_its_entry(spec: str) -> None:
    with pytest.raises(ValueError, match="FAULTS entry"):
        parse(spec)


def test_settings_and_banner() -> None:
    chaos = Chaos.from_env(
        {"FAULTS": "events.PutEvents=0.2, dynamodb.TransactWriteItems=0.05:after", "REDELIVER": "3"}
    )
    assert chaos.injector is not None and chaos.deliveries == 3
    banner = "\n".join(chaos.banner())
    assert "events.PutEvents: 20% fail before the call" in banner
    assert "dynamodb.TransactWriteItems: 5% fail after the call took effect" in banner
    assert "REDELIVER=3" in banner
    off = Chaos.from_env({})
    assert off.injector is None and off.deliveries == 1 and off.banner() == []
    with pytest.raises(ValueError, match="REDELIVER"):
        Chaos.from_env({"REDELIVER": "0"})
