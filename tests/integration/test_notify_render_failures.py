"""A template bug in one message (here the English reporter's email) fails its event's SQS record, after
the event's other emails went out once: retried, they are not sent again; left broken, the record reaches
the dead-letter queue; fixed, the retry sends the missing message alone."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from infra.local.invoker import Invoker
from infra.local.provision import Resources
from infra.topology import TOPOLOGY
from services.notify.dal import message_templates
from services.notify.dal.delivery_log_table import DeliveriesTable
from shared.events import EventType
from shared.models import Report, Reporter
from tests.integration.notify_support import a_report, an_event, bus_body
from tests.integration.test_notify_audiences import notify, to
from tests.support import REGION

AGENCY = ("dienluc@phananh-demo.vn", "cskh.dienluc@phananh-demo.vn")
REPORTER_EMAIL = "lan.tran@example.com"
REPORTER = Reporter(name="Trần Thị Lan", email=REPORTER_EMAIL, language="en")


@pytest.fixture
def broken_english_forward(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The templates with one bug: the English "forwarded" email asks for a value nobody fills."""
    templates = tmp_path / "templates"
    shutil.copytree(message_templates.TEMPLATES, templates)
    forwarded = templates / "en" / "reporter_forwarded.j2"
    forwarded.write_text(forwarded.read_text().replace("Dear ", "{{ salutation }} "))
    monkeypatch.setattr(message_templates, "TEMPLATES", templates)
    message_templates._environment.cache_clear()
    yield
    monkeypatch.undo()
    message_templates._environment.cache_clear()


def sent_lines(report: Report) -> list[tuple[str, str]]:
    entries = DeliveriesTable().for_report(report.id)
    return sorted((e.audience, e.recipient) for e in entries if e.outcome == "sent")


@pytest.mark.usefixtures("broken_english_forward")
def test_left_broken_the_event_reaches_the_dead_letter_queue_its_agency_told_once(
    aws: Resources, sqs: Any, caplog: pytest.LogCaptureFixture
) -> None:
    report = a_report(REPORTER)
    caplog.set_level(logging.WARNING, logger="shared.sqs_batch")
    notify(sqs, aws, bus_body(an_event(report, EventType.ASSIGNED)))
    for _ in range(3):  # SQS's retries, until the queue gives the record up
        notify(sqs, aws)
    assert [len(to(address)) for address in AGENCY] == [1, 1]
    assert to(REPORTER_EMAIL) == []
    assert sent_lines(report) == sorted(("agency", a) for a in AGENCY)
    dead = sqs.receive_message(QueueUrl=aws.dlq_urls["notify"], MaxNumberOfMessages=10)["Messages"]
    assert [report.id in m["Body"] for m in dead] == [True]
    failures = [r.getMessage() for r in caplog.records if r.name == "shared.sqs_batch"]
    assert failures and all(
        "reporter_forwarded for reporter by email in en (UndefinedError)" in f for f in failures
    )
    assert not any(private in f for f in failures for private in ("lan.tran", "Trần", report.description))


def test_the_record_fails_alone_and_once_fixed_its_retry_sends_the_missing_email(
    aws: Resources, broken_english_forward: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    report, other = a_report(REPORTER), a_report(Reporter(email="binh@example.com"))
    worker = Invoker(TOPOLOGY.consumer_of("notify"), REGION)
    failing = record("m-assigned", bus_body(an_event(report, EventType.ASSIGNED)))
    fine = record("m-submitted", bus_body(an_event(other, EventType.SUBMITTED)))
    assert worker({"Records": [failing, fine]}) == {"batchItemFailures": [{"itemIdentifier": "m-assigned"}]}
    assert [len(to(address)) for address in AGENCY] == [1, 1] and len(to("binh@example.com")) == 1

    monkeypatch.undo()  # the template fixed
    message_templates._environment.cache_clear()
    assert worker({"Records": [failing]}) == {"batchItemFailures": []}
    assert [len(to(address)) for address in (*AGENCY, REPORTER_EMAIL)] == [1, 1, 1]
    assert sent_lines(report) == sorted([*(("agency", a) for a in AGENCY), ("reporter", "l***@example.com")])
    items = boto3.client("dynamodb", region_name=REGION).scan(TableName=aws.env["IDEMPOTENCY_TABLE"])["Items"]
    assert sorted(item["status"]["S"] for item in items) == ["COMPLETED"] * 4


def record(message_id: str, body: str) -> dict[str, Any]:
    """An SQS record as Lambda hands it to the worker."""
    return {"messageId": message_id, "receiptHandle": message_id, "body": body, "eventSource": "aws:sqs"}
