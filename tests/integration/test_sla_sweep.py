from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.aws_calls import Call
from infra.local.provision import Resources
from services.sla.logic.sweep import sweep
from shared.repository import ReportRepository
from tests.integration.test_flow import submit
from tests.support import pump, queue_bodies


def assigned_with_deadline(sqs: Any, aws: Resources) -> str:
    report_id = submit()
    pump(sqs, aws, "routing")
    pump(sqs, aws, "sla")
    return report_id


def test_overdue_report_is_breached_once_through_the_index(
    aws: Resources, sqs: Any, calls: Counter[Call]
) -> None:
    report_id = assigned_with_deadline(sqs, aws)
    repo = ReportRepository()
    report = repo.get(report_id)
    assert report is not None and report.answer_due_at is not None

    before = sweep(repo, now=report.answer_due_at - timedelta(minutes=1))
    assert before.breached == 0

    calls.clear()
    after = sweep(repo, now=report.answer_due_at + timedelta(minutes=1))
    again = sweep(repo, now=report.answer_due_at + timedelta(hours=1))
    assert (after.breached, again.breached) == (1, 0)
    operations = {(c.service, c.operation) for c in calls}
    assert ("dynamodb", "scan") not in operations
    assert ("dynamodb", "query") in operations

    breached = repo.get(report_id)
    assert breached is not None and breached.breached_at is not None
    steps = [step["type"] for step in repo.timeline(report_id)]
    assert steps.count("Sla.Breached") == 1


def test_resolved_reports_leave_the_due_index(aws: Resources, sqs: Any) -> None:
    from shared.models import Status

    report_id = assigned_with_deadline(sqs, aws)
    repo = ReportRepository()
    report = repo.get(report_id)
    assert report is not None and report.answer_due_at is not None
    done = report.model_copy(update={"status": Status.RESOLVED, "version": report.version + 1})
    repo.save(done, report.version)
    assert sweep(repo, now=report.answer_due_at + timedelta(days=30)).breached == 0


def test_sweep_on_an_empty_table_does_nothing(aws: Resources) -> None:
    result = sweep(ReportRepository(), now=datetime.now(UTC))
    assert (result.breached, result.relayed) == (0, 0)


def test_breach_event_reaches_the_bus(aws: Resources, sqs: Any) -> None:
    import boto3

    # A probe queue on the bus shows what the sweep emitted (no consumer takes Sla.Breached yet).
    events = boto3.client("events", region_name=aws.region)
    probe = sqs.create_queue(QueueName="probe")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=probe, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    bus = aws.env["EVENT_BUS_NAME"]
    events.put_rule(Name="probe", EventBusName=bus, EventPattern='{"detail-type": ["Sla.Breached"]}')
    events.put_targets(Rule="probe", EventBusName=bus, Targets=[{"Id": "probe", "Arn": arn}])

    report_id = assigned_with_deadline(sqs, aws)
    repo = ReportRepository()
    report = repo.get(report_id)
    assert report is not None and report.answer_due_at is not None
    sweep(repo, now=report.answer_due_at + timedelta(minutes=1))
    [message] = queue_bodies(sqs, probe)
    assert message["detail"]["report_id"] == report_id
    assert message["detail"]["data"]["agency_id"] == "dien-luc"
