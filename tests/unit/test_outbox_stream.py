"""The outbox pipe's transformation: a timeline item's stream record becomes exactly the event consumers
received when our code put it on the bus itself (source, detail-type, time, detail), for every event type;
and the pipe's filter passes timeline items only."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from moto.events.models import EventPattern

from infra.local.outbox_pipe import at_path
from infra.topology import REPORT_OUTBOX, TOPOLOGY
from shared.events import EventType, ReportEvent
from shared.items import marshal
from shared.models import Status
from shared.outbox_stream import details, handler
from shared.repository import report_item, timeline_item
from tests.unit.test_casework_machine import new_report


def record(item: dict[str, Any]) -> dict[str, Any]:
    """A DynamoDB stream record of an inserted item, as Pipes hands it on (NEW_IMAGE view)."""
    image = marshal(item)
    return {
        "eventID": "1",
        "eventName": "INSERT",
        "eventSource": "aws:dynamodb",
        "dynamodb": {
            "Keys": {"pk": image["pk"], "sk": image["sk"]},
            "NewImage": image,
            "SequenceNumber": "100",
            "StreamViewType": "NEW_IMAGE",
        },
    }


def an_event(kind: EventType) -> ReportEvent:
    return ReportEvent(
        type=kind,
        source="phananh.sla" if kind.value.startswith("Sla.") else "phananh.routing",
        report_id="PA-7K3M-Q9XD",
        occurred_at=datetime(2026, 11, 30, 8, 14, 11, 123456, tzinfo=UTC),
        actor="agency:dien-luc",
        correlation_id="c-1",
        data={"answer": "Đã thay bóng đèn “LED” ở hẻm 12\nxong", "score": 5, "due": {"at": None}, "ok": True},
    )


def what_we_put(event: ReportEvent) -> dict[str, Any]:
    """The entry shared.repository.publish puts (and put after every commit before the pipe)."""
    return {
        "Source": event.source,
        "DetailType": event.type.value,
        "Time": event.occurred_at,
        "Detail": json.loads(event.model_dump_json()),
    }


def what_the_pipe_puts(detail: dict[str, Any]) -> dict[str, Any]:
    pipe = REPORT_OUTBOX
    return {
        "Source": at_path(detail, pipe.source_path),
        "DetailType": at_path(detail, pipe.detail_type_path),
        "Time": datetime.fromisoformat(at_path(detail, pipe.time_path)),
        "Detail": detail,
    }


@pytest.mark.parametrize("kind", list(EventType))
def test_every_event_type_reaches_the_bus_as_it_did(kind: EventType) -> None:
    event = an_event(kind)
    [detail] = details([record(timeline_item(event, Status.ASSIGNED))])
    assert what_the_pipe_puts(detail) == what_we_put(event)
    assert ReportEvent.model_validate(detail) == event  # what every consumer parses


def test_a_commit_of_several_events_is_several_entries_in_order() -> None:
    events = [an_event(EventType.SLA_WARNING), an_event(EventType.SLA_BREACHED), an_event(EventType.ASSIGNED)]
    batch = [record(timeline_item(e, Status.ASSIGNED)) for e in events]
    assert [d["event_id"] for d in handler(batch, None)] == [e.event_id for e in events]
    assert handler(batch[0], None) == details(batch[:1])  # a lone record is taken as a batch of one


def test_the_filter_passes_timeline_items_only() -> None:
    pattern = EventPattern.load(REPORT_OUTBOX.filter_pattern)
    event = an_event(EventType.SUBMITTED)
    assert pattern.matches_event(record(timeline_item(event, Status.RECEIVED)))
    assert not pattern.matches_event(record(report_item(new_report())))
    removed = {"eventName": "REMOVE", "dynamodb": {"Keys": {"pk": {"S": "PA-7K3M-Q9XD"}}}}
    assert not pattern.matches_event(removed)


def test_the_pipe_reads_the_table_that_has_the_stream() -> None:
    assert TOPOLOGY.pipes == (REPORT_OUTBOX,)
    assert TOPOLOGY.table(REPORT_OUTBOX.table).stream
    assert [t.name for t in TOPOLOGY.tables if t.stream] == [REPORT_OUTBOX.table]
