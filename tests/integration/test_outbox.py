"""The outbox published by the table's stream: a commit writes the change and its events in one
transaction, and the outbox pipe (EventBridge Pipes; here the local run's, with the same filter and
enrichment) puts each event on the bus, at least once, whatever happens to the writer afterwards."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest

from infra.local.outbox_pipe import LocalPipe
from infra.local.provision import Resources
from shared.errors import Conflict
from shared.events import EventType, ReportEvent
from shared.repository import ReportRepository
from tests.integration.test_flow import submit
from tests.support import PIPES, REGION, pump, queue_bodies, relay


def _events(sqs: Any, aws: Resources, queue: str) -> list[dict[str, Any]]:
    return queue_bodies(sqs, aws.queue_urls[queue])


def test_a_filing_reaches_the_bus_through_the_stream_with_todays_envelope(aws: Resources, sqs: Any) -> None:
    report_id = submit()
    [stored] = ReportRepository().timeline_events(report_id)
    [message] = _events(sqs, aws, "routing")
    assert message["source"] == stored.source == "phananh.intake"
    assert message["detail-type"] == "Report.Submitted"
    assert ReportEvent.model_validate(message["detail"]) == stored
    assert message["detail"] == json.loads(stored.model_dump_json())


def test_a_commit_with_several_events_puts_each_once_and_nothing_for_the_report_item(
    aws: Resources, sqs: Any
) -> None:
    report_id = submit()
    pump(sqs, aws, "routing")  # Report.Assigned and its Sla.Started, committed with the routing change
    repo = ReportRepository()
    report = repo.get(report_id)
    assert report is not None
    first = ReportEvent(
        type=EventType.SLA_WARNING, source="phananh.sla", report_id=report_id, actor="t", correlation_id="c"
    )
    second = first.follow_up(EventType.SLA_BREACHED, "phananh.sla", "t", deadline="answer")
    repo.commit(
        report.model_copy(update={"sla_rev": report.sla_rev + 1}),
        report.version,
        [first, second],
        expected_sla_rev=report.sla_rev,
    )
    # A change without events (the report item alone) is no event.
    later = repo.get(report_id)
    assert later is not None
    repo.commit(later.model_copy(update={"version": later.version + 1}), later.version)
    notified = [m for m in _events(sqs, aws, "notify") if m["detail"]["report_id"] == report_id]
    kinds = sorted(m["detail-type"] for m in notified)
    assert kinds == ["Report.Assigned", "Report.Submitted", "Sla.Breached", "Sla.Started", "Sla.Warning"]
    assert {m["detail"]["event_id"] for m in notified} >= {first.event_id, second.event_id}
    assert relay() == 0  # everything already relayed: nothing is put twice


def test_a_batch_the_bus_refuses_is_retried_then_dead_lettered(
    aws: Resources, sqs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    [pipe] = PIPES
    attempts: list[int] = []

    def refuse(**_: Any) -> dict[str, Any]:
        attempts.append(1)
        raise RuntimeError("the bus is down")

    monkeypatch.setattr(pipe.events, "put_events", refuse)
    monkeypatch.setattr("infra.local.outbox_pipe.FIRST_RETRY_S", 0.0)
    report_id = submit()  # the citizen still gets 201: the report and its event are saved
    assert relay() == 0
    assert len(attempts) == pipe.pipe.retry_attempts + 1
    [dead] = queue_bodies(sqs, aws.dlq_urls["report-outbox"])
    assert dead["batchSize"] == 1 and dead["startSequenceNumber"] == dead["endSequenceNumber"]
    assert "the bus is down" in dead["reason"]
    monkeypatch.undo()
    assert _events(sqs, aws, "routing") == []  # the stream moved on: the operator re-publishes
    assert [e.type for e in ReportRepository().timeline_events(report_id)] == [EventType.SUBMITTED]


def test_a_failure_once_is_retried_and_the_event_arrives(
    aws: Resources, sqs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    [pipe] = PIPES
    put = pipe.events.put_events
    failures = [RuntimeError("throttled")]

    def flaky(**kwargs: Any) -> Any:
        if failures:
            raise failures.pop()
        return put(**kwargs)

    monkeypatch.setattr(pipe.events, "put_events", flaky)
    report_id = submit()
    [message] = _events(sqs, aws, "routing")
    assert message["detail"]["report_id"] == report_id
    assert queue_bodies(sqs, aws.dlq_urls["report-outbox"]) == []


def test_a_pipe_started_later_does_not_announce_what_was_written_before(aws: Resources, sqs: Any) -> None:
    submit()
    relay()
    fresh = LocalPipe(
        boto3.Session(region_name=REGION),
        PIPES[0].pipe,
        aws.env["REPORTS_TABLE"],
        aws.env["EVENT_BUS_NAME"],
        aws.dlq_urls["report-outbox"],
        lambda _: None,
    )
    assert fresh.drain() == 0  # LATEST, as the local run starts it after writing the kept data back


def test_events_still_flow_after_a_refused_commit(aws: Resources, sqs: Any) -> None:
    # The emulator rolls a cancelled transaction back by swapping the table (its stream too) for a copy.
    report_id = submit()
    relay()
    repo = ReportRepository()
    report = repo.get(report_id)
    assert report is not None
    with pytest.raises(Conflict):
        repo.commit(report.model_copy(update={"version": 9}), report.version + 5, [])
    warning = ReportEvent(
        type=EventType.SLA_WARNING, source="phananh.sla", report_id=report_id, actor="t", correlation_id="c"
    )
    repo.commit(report.model_copy(update={"version": report.version + 1}), report.version, [warning])
    notified = [m["detail"]["event_id"] for m in _events(sqs, aws, "notify")]
    assert warning.event_id in notified
