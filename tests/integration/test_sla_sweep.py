"""The SLA clocks and the sweep against emulated DynamoDB/EventBridge. Routing's staff actions are
simulated by changing the report's status and handing the SLA worker the event routing would emit."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bench.aws_calls import Call
from infra.local.provision import Resources
from services.sla.logic.clock_events import apply_clock_event
from services.sla.logic.deadline_sweep import sweep
from shared.directory import DirectoryRepository
from shared.events import EventType, ReportEvent
from shared.models import Report, Status
from shared.repository import ReportRepository
from shared.sla_policy import SlaSettings, policy_from
from shared.working_time import add_working_days, add_working_hours, working_hours_between
from tests.integration.test_flow import submit
from tests.support import pump, queue_bodies

RULES = policy_from(SlaSettings())


def assigned_with_deadline(sqs: Any, aws: Resources) -> str:
    report_id = submit()
    pump(sqs, aws, "routing")
    pump(sqs, aws, "sla")
    return report_id


def get(report_id: str) -> Report:
    report = ReportRepository().get(report_id)
    assert report is not None
    return report


def routing_does(report_id: str, type_: EventType, status: Status, at: datetime, **data: Any) -> ReportEvent:
    """What routing's staff API does: change the status, then emit the event (here: to the SLA worker)."""
    repo = ReportRepository()
    report = get(report_id)
    repo.commit(report.model_copy(update={"status": status, "version": report.version + 1}), report.version)
    event = ReportEvent(
        type=type_,
        source="phananh.routing",
        report_id=report_id,
        occurred_at=at,
        actor="staff:test",
        correlation_id=report_id,
        data={"agency_id": report.agency_id, "status": status.value, **data},
    )
    apply_clock_event(event, repo, DirectoryRepository(), RULES)
    return event


def sla_steps(report_id: str) -> list[tuple[str, str]]:
    import json

    repo = ReportRepository()
    items = repo._table.query(
        KeyConditionExpression="pk = :pk AND begins_with(sk, :e)",
        ExpressionAttributeValues={":pk": report_id, ":e": "EVENT#"},
    )["Items"]
    events = [json.loads(item["event"]) for item in items]
    swept = ("Sla.Warning", "Sla.Breached", "Sla.Escalated")
    return [(e["type"], e["data"]["deadline"]) for e in events if e["type"] in swept]


def test_urgent_electricity_gets_4_working_hours_to_accept_and_3_days_to_answer(
    aws: Resources, sqs: Any
) -> None:
    report = get(assigned_with_deadline(sqs, aws))
    assert report.answer_due_at == add_working_days(report.created_at, 3)
    assert report.accept_due_at is not None
    assigned_at = report.accept_due_at  # 4 office hours after the assignment, a few seconds after submission
    assert working_hours_between(report.created_at, assigned_at) == pytest.approx(4, abs=0.01)
    # Warnings: 25% of 4 h = 1 h before accepting is due; before answering, 25% of the allowance (a 3-day
    # allowance is at most 22.5 office hours, so under the 1 working day cap).
    assert add_working_hours(report.clocks["accept"].warn_at, 1) == report.accept_due_at
    answer = report.clocks["answer"]
    allowance = working_hours_between(report.created_at, answer.due_at)
    assert working_hours_between(answer.warn_at, answer.due_at) == pytest.approx(0.25 * allowance)


def test_each_deadline_is_warned_breached_and_escalated_once_without_a_scan(
    aws: Resources, sqs: Any, calls: Counter[Call]
) -> None:
    report_id = assigned_with_deadline(sqs, aws)
    report = get(report_id)
    accept, answer = report.clocks["accept"], report.clocks["answer"]
    repo = ReportRepository()
    calls.clear()
    moments = [
        accept.warn_at - timedelta(minutes=1),
        accept.warn_at,
        accept.due_at,
        accept.due_at + timedelta(minutes=1),
        answer.warn_at,
        answer.due_at,
        accept.escalate_at,
        answer.escalate_at,
        answer.escalate_at + timedelta(days=30),
    ]
    for moment in moments:
        sweep(repo, now=moment)
        sweep(repo, now=moment)  # running it twice emits nothing new
    steps = sla_steps(report_id)
    for kind in ("accept", "answer"):  # the two clocks interleave differently with the time of day
        assert [t for t, k in steps if k == kind] == ["Sla.Warning", "Sla.Breached", "Sla.Escalated"]
    operations = {(c.service, c.operation) for c in calls}
    assert ("dynamodb", "scan") not in operations
    assert ("dynamodb", "query") in operations
    assert get(report_id).breached_at is not None
    assert get(report_id).sla_next_at is None  # nothing more owed: out of the due index


def test_a_late_sweep_emits_what_is_owed_in_order_but_no_stale_warning(aws: Resources, sqs: Any) -> None:
    report_id = assigned_with_deadline(sqs, aws)
    answer = get(report_id).clocks["answer"]
    result = sweep(ReportRepository(), now=answer.escalate_at + timedelta(hours=1))
    assert (result.warned, result.breached, result.escalated) == (0, 2, 2)
    assert [t for t, _ in sla_steps(report_id)].count("Sla.Warning") == 0


def test_accepting_stops_the_accept_clock_and_resolving_leaves_the_index(aws: Resources, sqs: Any) -> None:
    report_id = assigned_with_deadline(sqs, aws)
    report = get(report_id)
    routing_does(report_id, EventType.ACCEPTED, Status.IN_PROGRESS, report.created_at + timedelta(minutes=5))
    # The accept's own commit moved the sweep's index to the answer clock: nothing owed at the accept's.
    assert get(report_id).sla_next_at == report.clocks["answer"].warn_at
    assert sweep(ReportRepository(), now=report.clocks["accept"].warn_at).looked_at == 0
    sweep(ReportRepository(), now=report.clocks["accept"].escalate_at)
    assert all(kind == "answer" for _, kind in sla_steps(report_id))
    routing_does(report_id, EventType.RESOLVED, Status.RESOLVED, report.created_at + timedelta(hours=1))
    assert sweep(ReportRepository(), now=report.created_at + timedelta(days=60)).looked_at == 0


def test_waiting_for_the_reporter_pauses_and_moves_the_deadlines(aws: Resources, sqs: Any) -> None:
    report_id = assigned_with_deadline(sqs, aws)
    before = get(report_id)
    routing_does(report_id, EventType.ACCEPTED, Status.IN_PROGRESS, before.created_at + timedelta(minutes=1))
    due = before.clocks["answer"].due_at
    paused_at = due - timedelta(days=1)
    routing_does(
        report_id, EventType.PROGRESS_NOTED, Status.IN_PROGRESS, paused_at, waiting_for_reporter=True
    )
    assert get(report_id).paused_at == paused_at
    # While paused the sweep finds nothing, even long past the old due instant.
    assert sweep(ReportRepository(), now=due + timedelta(days=10)).looked_at == 0
    resumed_at = paused_at + timedelta(days=1)
    routing_does(
        report_id, EventType.PROGRESS_NOTED, Status.IN_PROGRESS, resumed_at, waiting_for_reporter=False
    )
    after = get(report_id)
    waited = working_hours_between(paused_at, resumed_at)
    assert waited > 0
    assert after.paused_at is None
    assert after.answer_due_at == add_working_hours(due, waited)
    assert after.answer_due_at is not None and after.answer_due_at > due


def test_send_back_restarts_the_clocks_on_the_next_assignment(aws: Resources, sqs: Any) -> None:
    report_id = assigned_with_deadline(sqs, aws)
    first = get(report_id)
    later = first.created_at + timedelta(days=3)
    routing_does(report_id, EventType.SENT_BACK, Status.TRIAGE, later)
    cleared = get(report_id)
    assert (cleared.answer_due_at, cleared.accept_due_at, cleared.clocks) == (None, None, {})
    reassigned = later + timedelta(hours=2)
    routing_does(report_id, EventType.ASSIGNED, Status.ASSIGNED, reassigned)
    again = get(report_id)
    assert again.answer_due_at == add_working_days(reassigned, 3)
    assert again.accept_due_at == add_working_hours(reassigned, 4)


def test_repeated_and_stale_events_change_nothing(aws: Resources, sqs: Any) -> None:
    report_id = assigned_with_deadline(sqs, aws)
    created = get(report_id).created_at
    pause = routing_does(
        report_id,
        EventType.PROGRESS_NOTED,
        Status.ASSIGNED,
        created + timedelta(hours=2),
        waiting_for_reporter=True,
    )
    version = get(report_id).version
    assert (
        apply_clock_event(pause, ReportRepository(), DirectoryRepository(), RULES) is None
    )  # SQS redelivery
    assert get(report_id).version == version
    # A resume that happened *before* the pause arrives late: ignored, the report stays paused.
    routing_does(
        report_id,
        EventType.PROGRESS_NOTED,
        Status.ASSIGNED,
        created + timedelta(hours=1),
        waiting_for_reporter=False,
    )
    assert get(report_id).paused_at == pause.occurred_at


def test_sweep_on_an_empty_table_does_nothing(aws: Resources) -> None:
    result = sweep(ReportRepository(), now=datetime.now(UTC))
    assert (result.breached, result.looked_at) == (0, 0)


def test_breach_event_reaches_the_bus(aws: Resources, sqs: Any) -> None:
    import boto3

    # A probe queue on the bus shows what the sweep emitted, with the contract's data.
    events = boto3.client("events", region_name=aws.region)
    probe = sqs.create_queue(QueueName="probe")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=probe, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    bus = aws.env["EVENT_BUS_NAME"]
    events.put_rule(Name="probe", EventBusName=bus, EventPattern='{"detail-type": ["Sla.Breached"]}')
    events.put_targets(Rule="probe", EventBusName=bus, Targets=[{"Id": "probe", "Arn": arn}])

    report_id = assigned_with_deadline(sqs, aws)
    report = get(report_id)
    assert report.answer_due_at is not None
    routing_does(report_id, EventType.ACCEPTED, Status.IN_PROGRESS, report.created_at + timedelta(minutes=1))
    sweep(ReportRepository(), now=report.answer_due_at + timedelta(minutes=1))
    [message] = queue_bodies(sqs, probe)
    assert message["source"] == "phananh.sla"
    assert message["detail"]["report_id"] == report_id
    assert message["detail"]["data"] == {
        "deadline": "answer",
        "due_at": report.answer_due_at.isoformat(),
        "agency_id": "dien-luc",
    }
