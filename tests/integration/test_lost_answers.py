"""A write that took effect but answered an error (what a timeout produces; FAULTS=...:after locally) is
neither lost nor repeated: the report is filed once, the message sent once, the key not left blocked."""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyPersistenceLayerError,
)
from botocore.exceptions import ClientError
from pydantic import BaseModel

from infra.local.faults import FaultInjector, parse
from infra.local.pollers import QueuePoller
from infra.local.provision import Resources
from services.intake.dal.upload_table import UploadTable
from services.intake.models import Upload
from services.notify.dal import logged_completion as logged_completion_module
from services.notify.dal.delivery_log_table import DeliveriesTable
from services.notify.dal.exactly_once import OnceMessages
from services.notify.models import Delivery
from shared.aws import client, reset_clients
from shared.idempotency import persistence, run_once
from shared.idempotency import reset as reset_idempotency
from tests.integration.test_flow import LIGHT
from tests.support import REGION, api_call, queue_bodies

Inject = Callable[[str], FaultInjector]


@pytest.fixture
def inject(aws: Resources) -> Iterator[Inject]:
    """Faults on the handlers' clients (after the call only: the in-process mock answers before it)."""
    installed: list[FaultInjector] = []

    def install(spec: str) -> FaultInjector:
        reset_clients()  # clients built from now on carry the hooks
        reset_idempotency()
        if boto3.DEFAULT_SESSION is None:
            boto3.setup_default_session(region_name=REGION)
        injector = FaultInjector(parse(spec), seed=1)
        injector.install(boto3.DEFAULT_SESSION.events)  # type: ignore[union-attr]
        installed.append(injector)
        return injector

    yield install
    for injector in installed:
        injector.uninstall(boto3.DEFAULT_SESSION.events)  # type: ignore[union-attr]
    reset_clients()
    reset_idempotency()


def _reports(aws: Resources) -> list[str]:
    items = boto3.client("dynamodb", region_name=REGION).scan(TableName=aws.env["REPORTS_TABLE"])["Items"]
    return [i["pk"]["S"] for i in items if i["sk"]["S"] == "META"]


def test_a_filing_whose_answer_was_lost_is_one_report_and_a_201(
    aws: Resources, sqs: Any, inject: Inject
) -> None:
    inject("dynamodb.TransactWriteItems=1:after")
    status, created = api_call("POST", "/v1/reports", LIGHT)
    assert status == 201, created
    assert _reports(aws) == [created["id"]]
    [event] = queue_bodies(sqs, aws.queue_urls["routing"])
    assert event["detail"]["report_id"] == created["id"]


def test_a_filing_with_photos_whose_answer_was_lost_is_one_report_holding_them(
    aws: Resources, sqs: Any, inject: Inject
) -> None:
    """The photos' claims ride in the filing's transaction: its lost answer is no 'photo already used'."""
    status, slot = api_call("POST", "/v1/uploads", {"content_type": "image/png"})
    assert status == 201, slot
    inject("dynamodb.TransactWriteItems=1:after")
    status, created = api_call("POST", "/v1/reports", {**LIGHT, "photos": [slot["upload_id"]]})
    assert status == 201, created
    assert _reports(aws) == [created["id"]]
    status, again = api_call("POST", "/v1/reports", {**LIGHT, "photos": [slot["upload_id"]]})
    assert (status, again["error"]["fields"]) == (422, {"photos.0": "upload already used by another report"})


def test_a_bus_that_fails_is_not_the_writers_failure(aws: Resources, sqs: Any, inject: Inject) -> None:
    # The filing never calls the bus itself: the outbox pipe (AWS's part, not our code) publishes the event.
    injector = inject("events.PutEvents=1:after")
    status, created = api_call("POST", "/v1/reports", LIGHT)
    assert status == 201, created
    [event] = queue_bodies(sqs, aws.queue_urls["routing"])
    assert event["detail"]["report_id"] == created["id"]
    assert injector.summary()["calls"].get("events.PutEvents", 0) == 0


class Job(BaseModel):
    key: str


ONCE = IdempotencyConfig(event_key_jmespath="key", expires_after_seconds=3600)


def test_an_effect_whose_record_was_not_marked_done_is_not_repeated(aws: Resources, inject: Inject) -> None:
    runs: list[str] = []

    def effect(job: Job) -> dict[str, Any]:
        runs.append(job.key)
        return {"done": job.key}

    injector = inject("dynamodb.UpdateItem=1:after")  # marking the record done answers an error
    assert run_once(effect, ONCE, "job", Job(key="a")) == {"done": "a"}
    injector.gate = lambda: False
    assert run_once(effect, ONCE, "job", Job(key="a")) == {"done": "a"}
    assert runs == ["a"]


def test_a_key_whose_in_progress_record_answered_an_error_is_released(aws: Resources, inject: Inject) -> None:
    runs: list[str] = []

    def effect(job: Job) -> dict[str, Any]:
        runs.append(job.key)
        return {"done": job.key}

    injector = inject("dynamodb.PutItem=1:after")  # the "in progress" record lands, its answer does not
    with pytest.raises(IdempotencyPersistenceLayerError):
        run_once(effect, ONCE, "job", Job(key="b"))
    injector.gate = lambda: False
    assert run_once(effect, ONCE, "job", Job(key="b")) == {"done": "b"}  # not "in progress" for the hour
    assert runs == ["b"]


def test_a_release_leaves_a_concurrent_duplicates_record(
    aws: Resources, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Our "in progress" write fails without landing while a duplicate delivery of the same message, in
    another invocation, has just written its own: releasing our key must leave that record, else a third
    delivery would find the key free and run the effect beside the duplicate."""
    runs: list[str] = []

    def effect(job: Job) -> dict[str, Any]:
        runs.append(job.key)
        return {"done": job.key}

    store = persistence(ONCE, effect)

    def duplicate_first(**request: Any) -> None:
        theirs = {**request["Item"], "attempt": {"S": "the-duplicate's"}}
        client("dynamodb").put_item(**{**request, "Item": theirs})
        raise ClientError({"Error": {"Code": "ThrottlingException", "Message": "slow"}}, "PutItem")

    monkeypatch.setattr(store.client, "put_item", duplicate_first)
    with pytest.raises(IdempotencyPersistenceLayerError):
        run_once(effect, ONCE, "job", Job(key="d"))
    monkeypatch.undo()
    with pytest.raises(IdempotencyAlreadyInProgressError):  # the duplicate still holds the key
        run_once(effect, ONCE, "job", Job(key="d"))
    assert runs == []


def test_two_functions_guarded_by_one_layer_on_two_threads_keep_their_own_keys(aws: Resources) -> None:
    """Notify guards its email and SMS sends with one layer, and the local run calls a worker on several
    threads: while one thread's send runs, another thread's call sets its own function's name on the
    layer. The first send's record must still be completed under the key it was started under."""
    store = persistence(ONCE, lambda job: None)
    other_started, first_may_finish = threading.Event(), threading.Event()

    def email(job: Job) -> dict[str, Any]:
        first_may_finish.wait(10)  # meanwhile the other thread configures the layer for its function
        return {"sent": job.key}

    def sms(job: Job) -> dict[str, Any]:
        other_started.set()
        return {"sent": job.key}

    email.__qualname__, sms.__qualname__ = "deliver_email", "deliver_sms"
    first = threading.Thread(target=run_once, args=(email, ONCE, "job", Job(key="e"), store))
    first.start()
    second = threading.Thread(target=run_once, args=(sms, ONCE, "job", Job(key="s"), store))
    second.start()
    other_started.wait(10)
    second.join(10)
    first_may_finish.set()
    first.join(10)
    records = client("dynamodb").scan(TableName=store.table_name)["Items"]
    states = sorted((r["id"]["S"].split("#")[0].rsplit(".", 1)[1], r["status"]["S"]) for r in records)
    assert states == [("deliver_email", "COMPLETED"), ("deliver_sms", "COMPLETED")]


class _Email:
    def __init__(self) -> None:
        self.sent: list[str] = []

    def send(self, to: str, subject: str, text: str, html: str) -> str:
        self.sent.append(to)
        return f"m{len(self.sent)}"


class _BrokenLog:
    """A log whose line cannot be written: it goes to a table that does not exist, so the completion
    transaction that carries it fails after the email was sent."""

    def record(self, entry: Any) -> None:
        raise ClientError({"Error": {"Code": "ServiceUnavailable", "Message": "down"}}, "PutItem")

    def put_request(self, entry: Any) -> dict[str, Any]:
        return {"TableName": "no-such-table", "Item": {"pk": {"S": "x"}, "sk": {"S": "y"}}}


def test_a_sent_email_whose_log_entry_failed_is_not_sent_again(aws: Resources) -> None:
    email = _Email()
    messages = OnceMessages(email, None, _BrokenLog())  # type: ignore[arg-type]
    delivery = Delivery(
        report_id="PA-TEST-0001",
        event_id="e-1",
        event_type="Report.Assigned",
        channel="email",
        audience="agency",
        recipient="dienluc@phananh-demo.vn",
        subject="s",
        text="t",
        html="<p>t</p>",
    )
    for _ in range(3):  # the message delivered three times
        messages.send(delivery)
    assert email.sent == ["dienluc@phananh-demo.vn"]


class _Worker:
    """A worker that fails each message id on the deliveries listed for it (0 = the first)."""

    class function:  # the attribute the poller logs
        name = "test-worker"

    def __init__(self, fails: dict[str, set[int]]) -> None:
        self.fails, self.calls = fails, 0

    def __call__(self, event: dict[str, Any]) -> dict[str, Any]:
        call, self.calls = self.calls, self.calls + 1
        bodies = {r["messageId"]: json.loads(r["body"])["name"] for r in event["Records"]}
        failed = [m for m, name in bodies.items() if call in self.fails.get(name, set())]
        return {"batchItemFailures": [{"itemIdentifier": m} for m in failed]}


def test_redelivered_messages_are_deleted_when_any_delivery_succeeds(aws: Resources, sqs: Any) -> None:
    url = aws.queue_urls["routing"]
    for name in ("fine", "once-failed", "always-failed"):
        sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"name": name}))
    worker = _Worker({"once-failed": {0}, "always-failed": {0, 1, 2}})
    poller = QueuePoller(sqs, "routing", url, 10, worker, REGION, log=lambda _: None, deliveries=3)  # type: ignore[arg-type]
    poller.wait_seconds = 0

    assert poller.poll_once() == 3
    assert worker.calls == 3  # the batch handed over three times
    assert [m["name"] for m in queue_bodies(sqs, url)] == ["always-failed"]


def test_an_effect_whose_done_mark_failed_outright_is_marked_again(
    aws: Resources, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Marking done failed without landing (throttled past the client's retries): marked again, so a
    retry finds it done, neither "in progress" nor free to run a second time."""
    runs: list[str] = []

    def effect(job: Job) -> dict[str, Any]:
        runs.append(job.key)
        return {"done": job.key}

    store = persistence(ONCE, effect)
    real, failures = store._update_record, [1]

    def throttled_once(data_record: Any) -> None:
        if failures:
            failures.pop()
            raise ClientError({"Error": {"Code": "ThrottlingException", "Message": "slow"}}, "UpdateItem")
        real(data_record=data_record)

    monkeypatch.setattr(store, "_update_record", throttled_once)
    assert run_once(effect, ONCE, "job", Job(key="c")) == {"done": "c"}
    assert run_once(effect, ONCE, "job", Job(key="c")) == {"done": "c"}
    assert runs == ["c"]


def test_an_upload_claim_whose_answer_was_lost_is_a_claim(aws: Resources, inject: Inject) -> None:
    """Else the filing fails, the client retries, and its own photo is 'already used by another report'."""
    now = datetime.now(UTC)
    uploads = UploadTable()
    uploads.put(
        Upload(id="up1", key="uploads/up1", content_type="image/jpeg", created_at=now, usable_until=now)
    )
    inject("dynamodb.TransactWriteItems=1:after")
    assert uploads.claim(["up1"], "filing-1") == []
    assert uploads.claim(["up1"], "filing-2") == ["up1"]  # and it is that filing's, no one else's


def _assignment(*recipients: str) -> list[Delivery]:
    """An assignment's messages: the agency's addresses and the reporter."""
    return [
        Delivery(
            report_id="PA-TEST-0002",
            event_id="e-2",
            event_type="Report.Assigned",
            channel="email",
            audience="agency" if "phananh" in to else "reporter",
            agency_id="dien-luc",
            recipient=to,
            subject="s",
            text="t",
            html="<p>t</p>",
        )
        for to in recipients
    ]


EVENT = ("dienluc@phananh-demo.vn", "cskh@phananh-demo.vn", "nguoi.bao@example.com")


def _logged() -> Counter[str]:
    return Counter(e.recipient for e in DeliveriesTable().for_report("PA-TEST-0002"))


def test_an_events_messages_claimed_and_completed_together_whose_answers_were_lost_are_not_repeated(
    aws: Resources, inject: Inject
) -> None:
    email = _Email()
    messages = OnceMessages(email, None, DeliveriesTable())  # type: ignore[arg-type]
    # The joint "in progress" records and the joint completion both land, and neither answers.
    injector = inject("dynamodb.TransactWriteItems=1:after")
    messages.send_all(_assignment(*EVENT))
    calls = injector.summary()["calls"]
    assert (calls["dynamodb.TransactWriteItems"], calls.get("dynamodb.PutItem", 0)) == (2, 0)  # for three
    injector.gate = lambda: False
    for _ in range(2):  # the message delivered twice more
        messages.send_all(_assignment(*EVENT))
    assert email.sent == list(EVENT)
    assert _logged() == Counter(EVENT)  # one log line each


class _FailingOnce(_Email):
    """SES refusing one address once (before accepting it)."""

    def __init__(self, refused: str) -> None:
        super().__init__()
        self.refused: str | None = refused

    def send(self, to: str, subject: str, text: str, html: str) -> str:
        if to == self.refused:
            self.refused = None
            raise ClientError({"Error": {"Code": "Throttling", "Message": "slow"}}, "SendEmail")
        return super().send(to, subject, text, html)


def test_a_failed_send_among_an_events_messages_keeps_those_before_it_done(aws: Resources) -> None:
    email = _FailingOnce(refused=EVENT[1])
    messages = OnceMessages(email, None, DeliveriesTable())  # type: ignore[arg-type]
    with pytest.raises(ClientError):
        messages.send_all(_assignment(*EVENT))
    assert email.sent == [EVENT[0]] and _logged() == Counter(EVENT[:1])
    for _ in range(2):  # SQS's retry, and a duplicate of it
        messages.send_all(_assignment(*EVENT))
    assert email.sent == list(EVENT)
    assert _logged() == Counter(EVENT)


def test_an_events_messages_whose_log_lines_failed_are_not_sent_again(aws: Resources) -> None:
    email = _Email()
    messages = OnceMessages(email, None, _BrokenLog())  # type: ignore[arg-type]
    for _ in range(3):
        messages.send_all(_assignment(*EVENT))
    assert email.sent == list(EVENT)


def test_an_address_heard_twice_in_one_event_gets_the_first_message_once(aws: Resources) -> None:
    """An agency's address that is also the reporter's: one message, the first, as its key says."""
    email = _Email()
    messages = OnceMessages(email, None, DeliveriesTable())  # type: ignore[arg-type]
    twice = _assignment(EVENT[0], EVENT[1], EVENT[0])
    for _ in range(2):
        messages.send_all(twice)
    assert email.sent == [EVENT[0], EVENT[1]]
    assert [e.audience for e in DeliveriesTable().for_report("PA-TEST-0002") if e.recipient == EVENT[0]] == [
        "agency"
    ]


class _Between:
    """DynamoDB as notify's idempotency layer sees it, misbehaving as a subclass says; `faults` counts."""

    def __init__(self, dynamodb: Any) -> None:
        self._dynamodb, self.faults = dynamodb, 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._dynamodb, name)


def _send_the_event_through(dynamodb: _Between, monkeypatch: pytest.MonkeyPatch) -> _Email:
    monkeypatch.setattr(logged_completion_module, "client", lambda _service: dynamodb)
    email = _Email()
    OnceMessages(email, None, DeliveriesTable()).send_all(_assignment(*EVENT))  # type: ignore[arg-type]
    return email


class _CancelsTheCompletionOnce(_Between):
    """Cancels the first transaction that completes records (one of its items throttled or in conflict)
    without writing anything."""

    def transact_write_items(self, **request: Any) -> Any:
        if not self.faults and "Update" in request["TransactItems"][0]:
            self.faults += 1
            cancelled = {"Code": "TransactionCanceledException", "Message": "ThrottlingError"}
            raise ClientError({"Error": cancelled}, "TransactWriteItems")
        return self._dynamodb.transact_write_items(**request)


def test_an_events_completion_cancelled_once_keeps_every_log_line(
    aws: Resources, monkeypatch: pytest.MonkeyPatch
) -> None:
    """botocore does not retry a cancelled transaction: the completion is written again, not left to lose
    the event's log lines."""
    dynamodb = _CancelsTheCompletionOnce(client("dynamodb"))

    email = _send_the_event_through(dynamodb, monkeypatch)

    assert dynamodb.faults == 1
    assert email.sent == list(EVENT)
    assert _logged() == Counter(EVENT)


class _LosesTheClaimsAnswerAndCannotLook(_Between):
    """Writes an event's claims but loses the answer, then fails the read that would tell."""

    def transact_write_items(self, **request: Any) -> Any:
        answer = self._dynamodb.transact_write_items(**request)
        if not self.faults and "Put" in request["TransactItems"][0]:
            self.faults += 1
            raise ClientError(
                {"Error": {"Code": "InternalServerError", "Message": "lost"}}, "TransactWriteItems"
            )
        return answer

    def get_item(self, **request: Any) -> Any:
        if self.faults == 1:
            self.faults += 1
            raise ClientError({"Error": {"Code": "InternalServerError", "Message": "busy"}}, "GetItem")
        return self._dynamodb.get_item(**request)


def test_claims_that_may_have_landed_unseen_are_released_for_the_messages_own(
    aws: Resources, monkeypatch: pytest.MonkeyPatch
) -> None:
    dynamodb = _LosesTheClaimsAnswerAndCannotLook(client("dynamodb"))
    email = _send_the_event_through(dynamodb, monkeypatch)

    assert dynamodb.faults == 2
    assert email.sent == list(EVENT)  # not held back by its own claims "in progress"
    assert _logged() == Counter(EVENT)
