"""Who hears what: reporters by email or SMS, agencies, operators and leaders; once per recipient."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import boto3
from moto.sns.models import sns_backends

from infra.local.invoker import ACCOUNT
from infra.local.provision import Resources
from services.notify.dal.delivery_log_table import DeliveriesTable
from shared.events import EventType
from shared.models import Reporter
from tests.integration.notify_support import a_report, an_event, bus_body
from tests.support import REGION, pump, sent_emails


def sms_sent() -> list[tuple[str, str]]:
    return list(sns_backends[ACCOUNT][REGION].sms_messages.values())


def notify(sqs: Any, aws: Resources, *bodies: str) -> None:
    for body in bodies:
        sqs.send_message(QueueUrl=aws.queue_urls["notify"], MessageBody=body)
    pump(sqs, aws, "notify")


def to(address: str) -> list[Any]:
    return [m for m in sent_emails() if m.destinations["ToAddresses"] == [address]]


def test_a_reporter_with_an_email_gets_received_forwarded_and_the_answer(aws: Resources, sqs: Any) -> None:
    report = a_report(Reporter(email="dan@example.com", phone="0912345678"))
    notify(
        sqs,
        aws,
        bus_body(an_event(report, EventType.SUBMITTED)),
        bus_body(an_event(report, EventType.ASSIGNED)),
        bus_body(an_event(report, EventType.CLOSED, answer="Đã thay bóng đèn ngày 20/11.")),
    )
    mails = to("dan@example.com")
    subjects = sorted(m.subject for m in mails)
    assert len(mails) == 3 and all(report.id in s for s in subjects)
    assert any("Điện lực" in m.subject for m in mails)  # forwarded to the named agency
    assert any("Đã thay bóng đèn ngày 20/11." in m.body for m in mails)
    assert sms_sent() == []  # an email was given: no SMS


def test_a_reporter_with_only_a_phone_gets_sms_in_e164(aws: Resources, sqs: Any) -> None:
    report = a_report(Reporter(phone="0912 345 678"))
    event = bus_body(an_event(report, EventType.SUBMITTED))
    notify(sqs, aws, event, event)  # SQS delivered it twice: one SMS
    [(phone, text)] = sms_sent()
    assert phone == "+84912345678"
    assert report.id in text


def test_english_speaking_reporters_get_english(aws: Resources, sqs: Any) -> None:
    report = a_report(Reporter(email="tourist@example.com", language="en"))
    notify(sqs, aws, bus_body(an_event(report, EventType.SUBMITTED)))
    [mail] = to("tourist@example.com")
    assert mail.subject == f"Report {report.id} received"


def test_agencies_hear_of_reminders_overdue_ratings_and_reopening(aws: Resources, sqs: Any) -> None:
    report = a_report()
    notify(
        sqs,
        aws,
        bus_body(
            an_event(report, EventType.SLA_WARNING, deadline="answer", due_at="2026-11-26T10:00:00+00:00")
        ),
        bus_body(
            an_event(report, EventType.SLA_BREACHED, deadline="answer", due_at="2026-11-26T10:00:00+00:00")
        ),
        bus_body(an_event(report, EventType.RATED, satisfied=False, score=2)),
        bus_body(an_event(report, EventType.REOPENED)),
    )
    subjects = sorted(m.subject for m in to("dienluc@phananh-demo.vn"))
    assert len(subjects) == 4
    assert any("Sắp đến hạn" in s for s in subjects) and any("QUÁ HẠN" in s for s in subjects)
    assert any("17:00 26/11/2026" in m.body for m in to("dienluc@phananh-demo.vn"))  # Vietnamese time


def test_operators_hear_of_triage_and_leaders_of_escalations(aws: Resources, sqs: Any) -> None:
    waiting = a_report(agency_id=None)
    late = a_report()
    notify(
        sqs,
        aws,
        bus_body(an_event(waiting, EventType.NEEDS_TRIAGE, reason="no_rule")),
        bus_body(
            an_event(late, EventType.SLA_ESCALATED, deadline="answer", due_at="2026-11-26T10:00:00+00:00")
        ),
    )
    [triage] = to("ioc@phananh-demo.vn")
    assert waiting.id in triage.subject
    [escalation] = to("lanhdao@phananh-demo.vn")
    assert late.id in escalation.subject and "Điện lực" in escalation.body


def test_the_delivery_log_masks_the_reporters_address(aws: Resources, sqs: Any) -> None:
    report = a_report(Reporter(email="dan.nguyen@example.com"))
    notify(sqs, aws, bus_body(an_event(report, EventType.ASSIGNED)))
    entries = DeliveriesTable().for_report(report.id)
    shown = {(e.audience, e.channel, e.recipient) for e in entries}
    assert ("reporter", "email", "d***@example.com") in shown
    assert ("agency", "email", "dienluc@phananh-demo.vn") in shown
    assert all("dan.nguyen" not in e.model_dump_json() for e in entries)


def test_exactly_once_records_keep_the_name_and_key_they_were_stored_under(aws: Resources, sqs: Any) -> None:
    # Records written before notify's files moved must still match: same function name, same key.
    report = a_report(Reporter(phone="0912 345 678"))
    event = an_event(report, EventType.SUBMITTED)
    notify(sqs, aws, bus_body(event))
    key = json.dumps([event.event_id, "0912 345 678", "sms"], sort_keys=True).encode()
    wanted = f"services.notify.logic.once.deliver_sms#{hashlib.md5(key).hexdigest()}"  # noqa: S324 - Powertools' hash
    items = boto3.client("dynamodb", region_name=REGION).scan(TableName=aws.env["IDEMPOTENCY_TABLE"])["Items"]
    assert [item["id"]["S"].split(".", 1)[1] for item in items] == [wanted]


def test_a_repeated_event_leaves_one_log_line_per_message_and_completed_records(
    aws: Resources, sqs: Any
) -> None:
    report = a_report(Reporter(email="dan@example.com"))
    event = bus_body(an_event(report, EventType.ASSIGNED))
    notify(sqs, aws, event, event)
    entries = DeliveriesTable().for_report(report.id)
    sent = sorted((e.audience, e.recipient) for e in entries if e.outcome == "sent")
    assert sent == [
        ("agency", "cskh.dienluc@phananh-demo.vn"),
        ("agency", "dienluc@phananh-demo.vn"),
        ("reporter", "d***@example.com"),
    ]
    assert {e.ref for e in entries} == {m.id for m in sent_emails()}  # each line names its SES message
    items = boto3.client("dynamodb", region_name=REGION).scan(TableName=aws.env["IDEMPOTENCY_TABLE"])["Items"]
    assert sorted(item["status"]["S"] for item in items) == ["COMPLETED"] * 3


def test_a_rating_reaches_each_agency_address_once_without_its_report_being_read(
    aws: Resources, sqs: Any
) -> None:
    report = a_report()
    boto3.client("dynamodb", region_name=REGION).delete_item(  # read, it would be missing: nobody told
        TableName=aws.env["REPORTS_TABLE"], Key={"pk": {"S": report.id}, "sk": {"S": "META"}}
    )
    event = bus_body(an_event(report, EventType.RATED, satisfied=False, score=2, category="dien"))
    notify(sqs, aws, event, event)  # SQS delivered it twice
    mails = to("dienluc@phananh-demo.vn") + to("cskh.dienluc@phananh-demo.vn")
    assert len(mails) == 2
    assert all(report.id in m.subject and "chưa hài lòng" in m.body and "(2/5)" in m.body for m in mails)
    entries = DeliveriesTable().for_report(report.id)
    assert sorted(e.recipient for e in entries if e.outcome == "sent") == [
        "cskh.dienluc@phananh-demo.vn",
        "dienluc@phananh-demo.vn",
    ]
