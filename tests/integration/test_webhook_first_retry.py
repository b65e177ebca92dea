"""A webhook's first retry (due ~5 s after a failed attempt) runs from its delayed wake-up message, without
waiting for notify-retry's next scheduled minute."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from infra.local.provision import Resources
from services.notify.dal.webhook_deliveries_table import WebhookDeliveries
from shared.aws import reset_clients
from tests.integration.test_webhooks import deliver, local_webhooks, register, requests_to  # noqa: F401
from tests.support import poller


@pytest.fixture
def wake_ups(local_webhooks: Resources, monkeypatch: pytest.MonkeyPatch) -> Iterator[Resources]:  # noqa: F811
    monkeypatch.setenv("WEBHOOK_RETRIES_QUEUE_URL", local_webhooks.queue_urls["webhook-retries"])
    reset_clients()
    yield local_webhooks
    reset_clients()


def test_the_first_retry_comes_from_its_wake_up_not_the_minute_schedule(
    wake_ups: Resources, sqs: Any, httpserver: HTTPServer
) -> None:
    register(httpserver)
    httpserver.expect_ordered_request("/hook").respond_with_data("down", status=503)
    httpserver.expect_ordered_request("/hook").respond_with_data("ok")
    deliver(sqs, wake_ups)
    assert len(requests_to(httpserver)) == 1

    soon = poller(sqs, wake_ups, "webhook-retries")
    assert soon.poll_once() == 0  # the wake-up is delayed until the retry is due
    soon.wait_seconds = 10  # long polling: it becomes visible when the ~5 s delay is over
    assert soon.poll_once() == 1

    first, second = requests_to(httpserver)
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    [delivery] = [WebhookDeliveries().get(first.headers["webhook-id"])]
    assert delivery is not None
    assert (delivery.state, delivery.attempts) == ("delivered", 2)


def test_a_wake_up_for_a_delivery_already_retried_does_nothing(
    wake_ups: Resources, sqs: Any, httpserver: HTTPServer
) -> None:
    register(httpserver)
    httpserver.expect_request("/hook").respond_with_data("ok")
    deliver(sqs, wake_ups)
    [request] = requests_to(httpserver)
    sqs.send_message(
        QueueUrl=wake_ups.queue_urls["webhook-retries"],
        MessageBody=f'{{"delivery_id": "{request.headers["webhook-id"]}"}}',
    )
    assert poller(sqs, wake_ups, "webhook-retries").poll_once() == 1
    assert len(requests_to(httpserver)) == 1  # delivered already: not posted again
