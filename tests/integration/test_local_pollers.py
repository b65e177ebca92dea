"""The local pollers hold a batch as long as the cloud would (its consumer's timeout, six times), and bring a
failed message back after the queue's own short timeout, but its last chance only after its consumer's
timeout."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from infra.local.pollers import QueuePoller
from tests.support import REGION

QUEUE_TIMEOUT_S = 1


@pytest.fixture
def queue() -> Iterator[tuple[Any, str]]:
    with mock_aws():
        sqs = boto3.client("sqs", region_name=REGION)
        url = sqs.create_queue(QueueName="work", Attributes={"VisibilityTimeout": str(QUEUE_TIMEOUT_S)})[
            "QueueUrl"
        ]
        sqs.send_message(QueueUrl=url, MessageBody="{}")
        yield sqs, url


class _SlowWorker:
    """Outlasts the queue's timeout, then looks whether another invocation could receive its message."""

    class function:  # the attribute the poller logs
        name = "slow-worker"

    def __init__(self, sqs: Any, url: str, fail: bool) -> None:
        self.sqs, self.url, self.fail = sqs, url, fail
        self.seen_meanwhile: list[Any] = []

    def __call__(self, event: dict[str, Any]) -> dict[str, Any]:
        time.sleep(QUEUE_TIMEOUT_S + 0.5)
        self.seen_meanwhile = self.sqs.receive_message(QueueUrl=self.url).get("Messages", [])
        ids = [r["messageId"] for r in event["Records"]] if self.fail else []
        return {"batchItemFailures": [{"itemIdentifier": i} for i in ids]}


def _poller(sqs: Any, url: str, worker: _SlowWorker, in_flight_s: int) -> QueuePoller:
    poller = QueuePoller(sqs, "work", url, 10, worker, REGION, log=lambda _: None, in_flight_s=in_flight_s)  # type: ignore[arg-type]
    poller.wait_seconds = 0
    return poller


def test_a_batch_held_past_the_queues_timeout_is_not_handed_to_another_invocation(
    queue: tuple[Any, str],
) -> None:
    sqs, url = queue
    worker = _SlowWorker(sqs, url, fail=False)
    assert _poller(sqs, url, worker, in_flight_s=60).poll_once() == 1
    assert worker.seen_meanwhile == []
    assert sqs.receive_message(QueueUrl=url).get("Messages", []) == []  # done: deleted


def test_without_the_in_flight_time_it_would_be(queue: tuple[Any, str]) -> None:
    sqs, url = queue
    worker = _SlowWorker(sqs, url, fail=False)
    _poller(sqs, url, worker, in_flight_s=0).poll_once()
    assert len(worker.seen_meanwhile) == 1


def test_a_failed_message_comes_back_after_the_queues_own_timeout(queue: tuple[Any, str]) -> None:
    sqs, url = queue
    worker = _SlowWorker(sqs, url, fail=True)
    _poller(sqs, url, worker, in_flight_s=60).poll_once()
    time.sleep(QUEUE_TIMEOUT_S + 0.2)
    again = sqs.receive_message(QueueUrl=url)["Messages"]
    assert again[0]["Body"] == "{}"


class _FailingWorker:
    """Fails every message at once; its function's timeout is what an idempotency record in progress
    would take to expire."""

    class function:
        name = "failing-worker"
        timeout_s = 3

    def __call__(self, event: dict[str, Any]) -> dict[str, Any]:
        return {"batchItemFailures": [{"itemIdentifier": r["messageId"]} for r in event["Records"]]}


def test_a_messages_last_chance_waits_for_its_consumers_timeout() -> None:
    with mock_aws():
        sqs = boto3.client("sqs", region_name=REGION)
        dlq = sqs.create_queue(QueueName="work-dlq")["QueueUrl"]
        dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"
        ]
        redrive = f'{{"deadLetterTargetArn": "{dlq_arn}", "maxReceiveCount": "3"}}'
        url = sqs.create_queue(
            QueueName="work",
            Attributes={"VisibilityTimeout": str(QUEUE_TIMEOUT_S), "RedrivePolicy": redrive},
        )["QueueUrl"]
        sqs.send_message(QueueUrl=url, MessageBody="{}")
        poller = _poller(sqs, url, _FailingWorker(), in_flight_s=60)  # type: ignore[arg-type]

        assert poller.poll_once() == 1  # first receive: back after the queue's second
        time.sleep(QUEUE_TIMEOUT_S + 0.2)
        assert poller.poll_once() == 1  # second of three: the last one waits for the timeout
        time.sleep(QUEUE_TIMEOUT_S + 0.2)
        assert poller.poll_once() == 0
        time.sleep(_FailingWorker.function.timeout_s - QUEUE_TIMEOUT_S)
        assert poller.poll_once() == 1  # the last chance, failed too: to the DLQ as soon as it is back
        time.sleep(QUEUE_TIMEOUT_S + 0.2)
        assert poller.poll_once() == 0
        assert len(sqs.receive_message(QueueUrl=dlq).get("Messages", [])) == 1
