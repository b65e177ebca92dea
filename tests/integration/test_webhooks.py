"""Agency webhooks against a real HTTP server on loopback, verified with the `standardwebhooks` package."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from standardwebhooks.webhooks import Webhook
from werkzeug import Request, Response

from infra.local.provision import Resources
from services.notify.dal.environment import notify_settings
from services.notify.dal.webhook_deliveries_table import WebhookDeliveries
from services.notify.dal.webhook_endpoints_table import Endpoints
from services.notify.handlers.notify_retry import webhooks
from services.notify.logic.retry_schedule import MAX_ATTEMPTS
from services.notify.logic.webhook_attempt import LEASE, retry_due
from services.notify.models import Endpoint, WebhookDelivery
from shared.aws import reset_clients
from shared.events import EventType
from tests.integration.notify_support import a_report, an_event, bus_body
from tests.support import pump, queue_bodies, sent_emails


@pytest.fixture
def local_webhooks(aws: Resources, monkeypatch: pytest.MonkeyPatch) -> Iterator[Resources]:
    """The local profile (http to loopback) and a short timeout, so the slow-endpoint test stays fast."""
    monkeypatch.setenv("WEBHOOK_PROFILE", "local")
    monkeypatch.setenv("WEBHOOK_TIMEOUT_S", "0.3")
    monkeypatch.setenv("WEBHOOK_DEAD_LETTERS_QUEUE_URL", aws.queue_urls["webhook-dead-letters"])
    reset_clients()
    yield aws
    reset_clients()


def register(httpserver: HTTPServer, path: str = "/hook") -> Endpoint:
    return Endpoints().create("dien-luc", httpserver.url_for(path))


def deliver(sqs: Any, aws: Resources, event_type: EventType = EventType.ASSIGNED, times: int = 1) -> str:
    report = a_report()
    body = bus_body(an_event(report, event_type))
    for _ in range(times):
        sqs.send_message(QueueUrl=aws.queue_urls["notify"], MessageBody=body)
    pump(sqs, aws, "notify")
    return report.id


def requests_to(httpserver: HTTPServer, path: str = "/hook") -> list[Request]:
    return [request for request, _ in httpserver.log if request.path == path]


def verified(request: Request, secret: str) -> dict[str, Any]:
    return Webhook(secret).verify(request.get_data(), dict(request.headers))  # type: ignore[no-any-return]


def the_delivery() -> WebhookDelivery:
    store = WebhookDeliveries()
    [due] = store.due(datetime.now(UTC) + timedelta(days=30))
    return due


def later(delivery: WebhookDelivery) -> datetime:
    assert delivery.due_at is not None
    return delivery.due_at + timedelta(seconds=1)


def retry(now: datetime) -> dict[str, int]:
    return dict(retry_due(webhooks, notify_settings(), now=now))


def test_2xx_delivers_once_signed_with_the_agency_view(
    local_webhooks: Resources, sqs: Any, httpserver: HTTPServer
) -> None:
    endpoint = register(httpserver)
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    report_id = deliver(sqs, local_webhooks)
    [request] = requests_to(httpserver)
    body = verified(request, endpoint.secrets[0].secret)
    assert body["type"] == "Report.Assigned"
    assert body["data"]["report"]["id"] == report_id
    assert body["data"]["report"]["agency_id"] == "dien-luc"
    assert request.headers["webhook-id"].startswith("msg_")
    assert abs(int(request.headers["webhook-timestamp"]) - time.time()) < 60
    assert WebhookDeliveries().due(datetime.now(UTC) + timedelta(days=30)) == []  # nothing left to retry


def test_the_same_event_twice_calls_the_endpoint_once(
    local_webhooks: Resources, sqs: Any, httpserver: HTTPServer
) -> None:
    register(httpserver)
    httpserver.expect_request("/hook").respond_with_data("ok")
    deliver(sqs, local_webhooks, times=3)
    assert len(requests_to(httpserver)) == 1
    assert len(sent_emails()) == 2  # the agency's two addresses, once each


def test_500_then_200_retries_with_the_same_webhook_id(
    local_webhooks: Resources, sqs: Any, httpserver: HTTPServer
) -> None:
    endpoint = register(httpserver)
    httpserver.expect_ordered_request("/hook").respond_with_data("down", status=500)
    httpserver.expect_ordered_request("/hook").respond_with_data("ok")
    deliver(sqs, local_webhooks)
    pending = the_delivery()
    assert (pending.attempts, pending.last_status_code) == (1, 500)
    assert pending.due_at is not None
    assert timedelta(seconds=4) < pending.due_at - datetime.now(UTC) < timedelta(seconds=7)  # ~5 s + jitter
    assert retry(later(pending)) == {"delivered": 1}
    first, second = requests_to(httpserver)
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    assert first.get_data() == second.get_data()
    verified(second, endpoint.secrets[0].secret)


def test_429_retry_after_is_honoured(local_webhooks: Resources, sqs: Any, httpserver: HTTPServer) -> None:
    register(httpserver)
    httpserver.expect_request("/hook").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "3600"}
    )
    deliver(sqs, local_webhooks)
    pending = the_delivery()
    assert pending.due_at is not None
    assert pending.due_at - datetime.now(UTC) > timedelta(minutes=59)  # not the 5 s of the schedule
    assert retry(datetime.now(UTC) + timedelta(minutes=30)) == {}  # not due yet


def test_410_disables_the_endpoint(local_webhooks: Resources, sqs: Any, httpserver: HTTPServer) -> None:
    endpoint = register(httpserver)
    httpserver.expect_request("/hook").respond_with_data("gone", status=410)
    deliver(sqs, local_webhooks)
    stored = Endpoints().get("dien-luc", endpoint.id)
    assert stored is not None and not stored.enabled and stored.disabled_reason == "410 Gone"
    deliver(sqs, local_webhooks)  # another event: the disabled endpoint is not called again
    assert len(requests_to(httpserver)) == 1
    assert retry(datetime.now(UTC) + timedelta(days=2)) == {}


def test_a_redirect_is_not_followed(local_webhooks: Resources, sqs: Any, httpserver: HTTPServer) -> None:
    register(httpserver)
    httpserver.expect_request("/hook").respond_with_data(
        "", status=302, headers={"Location": httpserver.url_for("/elsewhere")}
    )
    httpserver.expect_request("/elsewhere").respond_with_data("ok")
    deliver(sqs, local_webhooks)
    assert requests_to(httpserver, "/elsewhere") == []
    pending = the_delivery()
    assert (pending.state, pending.last_status_code) == ("pending", 302)


def test_a_slow_endpoint_times_out_and_is_retried(
    local_webhooks: Resources, sqs: Any, httpserver: HTTPServer
) -> None:
    register(httpserver)

    def slow(_: Request) -> Response:
        time.sleep(0.6)  # twice the test's 0.3 s timeout (15 s in production)
        return Response("late")

    httpserver.expect_request("/hook").respond_with_handler(slow)
    deliver(sqs, local_webhooks)
    pending = the_delivery()
    assert (pending.state, pending.last_status_code, pending.last_error) == ("pending", None, "timeout")


def test_a_closed_port_is_retried(local_webhooks: Resources, sqs: Any) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    Endpoints().create("dien-luc", f"http://127.0.0.1:{port}/hook")
    deliver(sqs, local_webhooks)
    pending = the_delivery()
    assert (pending.state, pending.last_error) == ("pending", "connection_failed")


def test_a_crash_after_sending_repeats_with_the_same_webhook_id(
    local_webhooks: Resources, sqs: Any, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    register(httpserver)
    httpserver.expect_request("/hook").respond_with_data("ok")
    saves = {"n": 0}
    real_save = WebhookDeliveries.save

    def crash_on_recording(self: WebhookDeliveries, delivery: WebhookDelivery, expected: int) -> bool:
        saves["n"] += 1
        if saves["n"] == 2:  # 1: the claim before sending, 2: recording the outcome after it
            raise RuntimeError("the function died here")
        return real_save(self, delivery, expected)

    monkeypatch.setattr(WebhookDeliveries, "save", crash_on_recording)
    deliver(sqs, local_webhooks)
    claimed = the_delivery()
    assert claimed.attempts == 1
    assert retry(datetime.now(UTC) + LEASE / 2) == {}  # still leased: nobody attempts it meanwhile
    assert retry(later(claimed)) == {"delivered": 1}
    first, second = requests_to(httpserver)
    assert first.headers["webhook-id"] == second.headers["webhook-id"]  # the receiver deduplicates on it


def test_exhausted_deliveries_go_to_the_dead_letter_queue_and_people_are_told(
    local_webhooks: Resources, sqs: Any, httpserver: HTTPServer
) -> None:
    register(httpserver)
    httpserver.expect_request("/hook").respond_with_data("down", status=503)
    report_id = deliver(sqs, local_webhooks)
    outcomes: list[dict[str, int]] = []
    for _ in range(MAX_ATTEMPTS - 1):
        outcomes.append(retry(later(the_delivery())))
    assert outcomes[-1] == {"dead": 1}
    assert len(requests_to(httpserver)) == MAX_ATTEMPTS
    assert WebhookDeliveries().due(datetime.now(UTC) + timedelta(days=30)) == []
    [dead] = queue_bodies(sqs, local_webhooks.queue_urls["webhook-dead-letters"])
    before = len(sent_emails())
    pump(sqs, local_webhooks, "webhook-dead-letters")
    told = {m.destinations["ToAddresses"][0]: m for m in sent_emails()[before:]}
    assert set(told) == {"dienluc@phananh-demo.vn", "cskh.dienluc@phananh-demo.vn", "ioc@phananh-demo.vn"}
    assert all(report_id in m.subject for m in told.values())
    assert dead["delivery_id"].startswith("msg_")


def test_secret_rotation_signs_with_both_secrets_during_the_overlap(
    local_webhooks: Resources, sqs: Any, httpserver: HTTPServer
) -> None:
    endpoint = register(httpserver)
    rotated = Endpoints().rotate(endpoint)
    old, new = endpoint.secrets[0].secret, rotated.secrets[0].secret
    assert old != new and new.startswith("whsec_")
    httpserver.expect_request("/hook").respond_with_data("ok")
    deliver(sqs, local_webhooks)
    [request] = requests_to(httpserver)
    assert len(request.headers["webhook-signature"].split(" ")) == 2
    assert verified(request, old) == verified(request, new)  # a receiver holding either secret accepts it
    after_overlap = datetime.now(UTC) + timedelta(days=2)
    assert rotated.signing_secrets(after_overlap) == [new]


def test_the_body_carries_no_contact_details(
    local_webhooks: Resources, sqs: Any, httpserver: HTTPServer
) -> None:
    from shared.models import Reporter

    register(httpserver)
    httpserver.expect_request("/hook").respond_with_data("ok")
    report = a_report(Reporter(name="Nguyễn Văn A", phone="0912345678", email="a@example.com"))
    sqs.send_message(QueueUrl=local_webhooks.queue_urls["notify"], MessageBody=bus_body(an_event(report)))
    pump(sqs, local_webhooks, "notify")
    [request] = requests_to(httpserver)
    text = request.get_data(as_text=True)
    assert "0912345678" not in text and "a@example.com" not in text and "Nguyễn Văn A" not in text
    assert json.loads(text)["data"]["report"]["reporter_can_be_contacted"] is True


def test_the_worker_sees_a_new_endpoint_within_the_minute(
    local_webhooks: Resources, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from services.notify.dal import agency_endpoints_cache
    from services.notify.dal.agency_endpoints_cache import CachedAgencyEndpoints

    cached = CachedAgencyEndpoints()
    first = register(httpserver)
    assert [e.id for e in cached.of_agency("dien-luc")] == [first.id]
    second = register(httpserver, "/other")
    assert [e.id for e in cached.of_agency("dien-luc")] == [first.id]  # read once a minute, not per notice
    later = time.monotonic() + agency_endpoints_cache.CACHE_SECONDS + 1
    monkeypatch.setattr(agency_endpoints_cache.time, "monotonic", lambda: later)
    assert {e.id for e in cached.of_agency("dien-luc")} == {first.id, second.id}
