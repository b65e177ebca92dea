"""Each worker against emulated DynamoDB/EventBridge/SQS/SES, and the chain from POST to the email."""

from __future__ import annotations

import json
from typing import Any

import pytest

from infra.local.provision import Resources
from shared.repository import ReportRepository
from shared.timezone import VIETNAM
from shared.working_time import TZ, add_working_days
from tests.support import api_call, pump, queue_bodies, sent_emails

LIGHT = {
    "description": "Đèn đường trước trường tiểu học bị hỏng cả tuần nay",
    "category": "dien",
    "location": {"lat": 9.1769, "lon": 105.1524, "address": "Đường Trần Hưng Đạo"},
}


def submit(body: dict[str, Any] = LIGHT) -> str:
    status, created = api_call("POST", "/v1/reports", body)
    assert status == 201, created
    return str(created["id"])


def test_routing_assigns_the_competent_agency(aws: Resources, sqs: Any) -> None:
    report_id = submit()
    assert pump(sqs, aws, "routing") == 1
    report = ReportRepository().get(report_id)
    assert report is not None
    assert (report.status.value, report.agency_id, report.version) == ("assigned", "dien-luc", 2)
    # notify also hears of the submission (the reporter is told it was received), and of the deadlines
    # the assignment's commit set
    told = [m for m in queue_bodies(sqs, aws.queue_urls["notify"]) if m["detail-type"] != "Report.Submitted"]
    assert sorted(m["detail-type"] for m in told) == ["Report.Assigned", "Sla.Started"]
    [message] = queue_bodies(sqs, aws.queue_urls["sla"])
    assert message["detail-type"] == "Report.Assigned"
    assert all(m["detail"]["data"]["agency_id"] == "dien-luc" for m in [message, *told])


def test_no_rule_means_triage_not_a_guess(aws: Resources, sqs: Any) -> None:
    # "other" or no category lets the text decide: a vague text still goes to triage.
    vague = {**LIGHT, "description": "Đề nghị cơ quan chức năng xem xét giúp bà con khu này"}
    other = submit({**vague, "category": "khac"})
    unclassified = submit({k: v for k, v in vague.items() if k != "category"})
    pump(sqs, aws, "routing")
    repo = ReportRepository()
    for report_id, reason in ((other, "no_rule"), (unclassified, "no_category")):
        report = repo.get(report_id)
        assert report is not None
        assert (report.status.value, report.agency_id) == ("triage", None)
        steps = [step["type"] for step in repo.timeline(report_id)]
        assert steps == ["Report.Submitted", "Report.NeedsTriage"], reason
    assert "Report.Assigned" not in {m["detail-type"] for m in queue_bodies(sqs, aws.queue_urls["notify"])}


def test_a_repeated_submitted_message_routes_once(aws: Resources, sqs: Any) -> None:
    report_id = submit()
    [message] = queue_bodies(sqs, aws.queue_urls["routing"])
    sqs.send_message(QueueUrl=aws.queue_urls["routing"], MessageBody=json.dumps(message))  # SQS at-least-once
    assert pump(sqs, aws, "routing") == 2
    report = ReportRepository().get(report_id)
    assert report is not None and report.version == 2
    assigned = [
        m for m in queue_bodies(sqs, aws.queue_urls["notify"]) if m["detail-type"] == "Report.Assigned"
    ]
    assert len(assigned) == 1


def test_agency_gets_one_email_per_address_even_when_the_message_comes_twice(
    aws: Resources, sqs: Any
) -> None:
    report_id = submit()
    pump(sqs, aws, "routing")
    [assigned] = [
        m for m in queue_bodies(sqs, aws.queue_urls["notify"]) if m["detail-type"] == "Report.Assigned"
    ]
    sqs.send_message(QueueUrl=aws.queue_urls["notify"], MessageBody=json.dumps(assigned))
    # submitted (no contact given: nobody to tell), assigned twice, and the Sla.Started of its commit
    assert pump(sqs, aws, "notify") == 4
    emails = sent_emails()
    assert sorted(m.destinations["ToAddresses"][0] for m in emails) == [
        "cskh.dienluc@phananh-demo.vn",
        "dienluc@phananh-demo.vn",
    ]
    mail = emails[0]
    assert report_id in mail.subject and "Điện" in mail.subject
    assert "Đường Trần Hưng Đạo" in mail.body and LIGHT["description"] in mail.body
    assert f"/r/{report_id}" in mail.body
    report = ReportRepository().get(report_id)
    assert report is not None and report.answer_due_at is not None and report.accept_due_at is not None
    answer_by = report.answer_due_at.astimezone(VIETNAM).strftime("%H:%M %d/%m/%Y")
    accept_by = report.accept_due_at.astimezone(VIETNAM).strftime("%H:%M %d/%m/%Y")
    assert "Hạn phản hồi" in mail.body and answer_by in mail.body
    assert "Hạn tiếp nhận" in mail.body and accept_by in mail.body


def test_answer_deadline_is_set_once_in_working_days(aws: Resources, sqs: Any) -> None:
    report_id = submit()
    pump(sqs, aws, "routing")
    [assigned] = queue_bodies(sqs, aws.queue_urls["sla"])
    sqs.send_message(QueueUrl=aws.queue_urls["sla"], MessageBody=json.dumps(assigned))
    assert pump(sqs, aws, "sla") == 2
    report = ReportRepository().get(report_id)
    assert report is not None and report.answer_due_at is not None
    assert report.answer_due_at == add_working_days(report.created_at, 3)  # electricity: 3 working days
    assert report.answer_due_at.astimezone(TZ).hour == 17
    assert report.version == 2  # submitted, assigned: the deadlines came with the assignment
    assert report.sla_rev == 1  # booked once, by the assignment: neither delivery changed anything


def test_the_agency_email_carries_the_deadlines_without_the_sla_worker(aws: Resources, sqs: Any) -> None:
    report_id = submit()
    pump(sqs, aws, "routing")
    pump(sqs, aws, "notify")  # the SLA worker's queue is left alone: the email does not wait for it
    report = ReportRepository().get(report_id)
    assert report is not None and report.accept_due_at is not None and report.answer_due_at is not None
    emails = sent_emails()
    assert len(emails) == 2  # one per address of the agency
    for mail in emails:
        assert report.accept_due_at.astimezone(VIETNAM).strftime("%H:%M %d/%m/%Y") in mail.body
        assert report.answer_due_at.astimezone(VIETNAM).strftime("%H:%M %d/%m/%Y") in mail.body
    # The SLA worker, when it comes, finds the assignment applied: nothing changes, nothing more is told.
    assert pump(sqs, aws, "sla") == 1
    assert ReportRepository().get(report_id) == report
    assert queue_bodies(sqs, aws.queue_urls["notify"]) == []
    assert len(sent_emails()) == 2


def test_a_taken_tracking_code_is_drawn_again(aws: Resources, monkeypatch: pytest.MonkeyPatch) -> None:
    taken = submit()
    codes = iter([taken, "PA-7K3M-Q9XD"])
    monkeypatch.setattr("shared.repository.new_report_id", lambda: next(codes))
    assert submit() == "PA-7K3M-Q9XD"
    original = ReportRepository().get(taken)
    assert original is not None and original.version == 1  # the first report was not overwritten
