"""`python -m infra.ops` against the emulator: dead-letter queues listed, shown masked, redriven to their
source; a report's chosen events put on the bus again; a given-up webhook delivery sent again."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from pytest_httpserver import HTTPServer

from infra.local.provision import Resources, physical
from infra.ops.cli import main
from infra.ops.system import System
from infra.topology import TOPOLOGY
from services.notify.dal.webhook_deliveries_table import WebhookDeliveries
from services.notify.logic.retry_schedule import MAX_ATTEMPTS
from shared.events import EventType
from shared.models import Reporter
from shared.repository import ReportRepository
from tests.integration.notify_support import a_report, an_event, bus_body
from tests.integration.test_flow import submit
from tests.integration.test_webhooks import (  # noqa: F401 - the fixture
    deliver,
    later,
    local_webhooks,
    register,
    requests_to,
    retry,
    the_delivery,
)
from tests.support import REGION, pump, queue_bodies

CONTACT = {"name": "Nguyễn Văn Bình", "phone": "0912345678", "email": "binh.nguyen@example.vn"}


@pytest.fixture
def system(aws: Resources) -> System:
    return System(
        where="the test emulator",
        session=boto3.Session(region_name=REGION),
        tables={t.name: physical(TOPOLOGY, t.name) for t in TOPOLOGY.tables},
        event_bus_name=physical(TOPOLOGY, TOPOLOGY.bus_name),
        queues=dict(aws.queue_urls),
        dead_letter_queues=dict(aws.dlq_urls),
    )


def ops(system: System, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv), locate=lambda _: system)
    out, err = capsys.readouterr()
    return status, out, err


def dead_letter_with_contact(sqs: Any, aws: Resources) -> str:
    report = a_report(reporter=Reporter(**CONTACT))
    event = an_event(report, EventType.ASSIGNED, reporter=CONTACT)  # contact where no event should carry it
    sqs.send_message(QueueUrl=aws.dlq_urls["notify"], MessageBody=bus_body(event))
    return report.id


def test_list_shows_each_dead_letter_queue_with_its_depth_and_oldest_message(
    system: System, aws: Resources, sqs: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    dead_letter_with_contact(sqs, aws)
    status, out, _ = ops(system, capsys, "--json", "dlq", "list")
    assert status == 0
    states = {s["name"]: s for s in json.loads(out)}
    assert set(states) == set(aws.dlq_urls)
    assert states["notify"]["depth"] == 1
    assert 0 <= states["notify"]["oldest_age_s"] < 3600
    assert states["notify"]["source"] == "notify"
    assert all(s["depth"] == 0 for name, s in states.items() if name != "notify")
    status, text, _ = ops(system, capsys, "dlq", "list")
    assert "notify" in text and "1 message(s) waiting." in text
    assert queue_bodies(sqs, aws.dlq_urls["notify"])  # looking took nothing away


def test_show_masks_the_reporters_contact(
    system: System, aws: Resources, sqs: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    report_id = dead_letter_with_contact(sqs, aws)
    status, out, _ = ops(system, capsys, "dlq", "show", "notify", "--limit", "5")
    assert status == 0
    assert report_id in out and "Report.Assigned" in out
    for value in CONTACT.values():
        assert value not in out
    assert "091*****78" in out and "b***@example.vn" in out


def test_redrive_moves_dead_letters_back_to_their_source_queue(
    system: System, aws: Resources, sqs: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    dead_letter_with_contact(sqs, aws)
    status, out, _ = ops(system, capsys, "dlq", "redrive", "notify")
    assert status == 0
    assert "StartMessageMoveTask is not implemented here" in out  # the emulator: moved by hand, and said
    assert "1 message(s) back on the notify queue" in out
    assert queue_bodies(sqs, aws.dlq_urls["notify"]) == []
    [back] = queue_bodies(sqs, aws.queue_urls["notify"])
    assert back["detail-type"] == "Report.Assigned"


@pytest.mark.parametrize(
    ("argv", "status", "says"),
    [
        (["dlq", "show", "nosuch"], 2, "nosuch"),
        (["dlq", "show", "notify", "--limit", "0"], 2, "--limit"),
        (["dlq", "show", "notify", "--limit", "１０"], 2, "--limit"),
        (["dlq", "redrive", "nosuch"], 2, "nosuch"),
        (["outbox", "republish", "12-ab"], 2, "tracking code"),
        (["outbox", "republish", "PA-2222-3333"], 3, "PA-2222-3333"),
        (["outbox", "republish", "PA-2222-3333", "--since", "yesterday"], 2, "--since"),
        (["outbox", "republish", "PA-2222-3333", "--since", "2026-11-30T08:00:00"], 2, "offset"),
        (["webhooks", "redrive"], 2, "--agency"),
        (["webhooks", "redrive", "nope"], 2, "msg_"),
        (["webhooks", "dead", "--agency", "nosuch"], 3, "nosuch"),
        (["frobnicate"], 2, "invalid arguments"),
    ],
)
def test_bad_input_is_a_message_in_both_languages_and_an_exit_status(
    system: System, capsys: pytest.CaptureFixture[str], argv: list[str], status: int, says: str
) -> None:
    got, _, err = ops(system, capsys, *argv)
    assert got == status
    assert "Lỗi:" in err and "Error:" in err and says in err
    assert "Traceback" not in err


def test_outbox_republish_puts_the_chosen_events_back_on_the_bus(
    system: System, aws: Resources, sqs: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    report_id = submit()
    pump(sqs, aws, "routing")  # Submitted, then Assigned with its Sla.Started: all relayed by the outbox pipe
    for url in aws.queue_urls.values():
        sqs.purge_queue(QueueUrl=url)  # as if a queue had lost them
    submitted, *routed = ReportRepository().timeline_events(report_id)
    [assigned] = [e for e in routed if e.type.value == "Report.Assigned"]

    status, out, err = ops(system, capsys, "outbox", "republish", report_id.lower())
    assert status == 2 and submitted.event_id in out and assigned.event_id in out and "--event" in err
    assert queue_bodies(sqs, aws.queue_urls["notify"]) == []  # nothing put back without a choice

    status, out, _ = ops(system, capsys, "outbox", "republish", report_id, "--event", assigned.event_id)
    assert status == 0 and "re-published 1 event(s)" in out and "Report.Assigned" in out
    [back] = queue_bodies(sqs, aws.queue_urls["sla"])
    assert back["detail"]["event_id"] == assigned.event_id and back["source"] == assigned.source

    status, out, _ = ops(system, capsys, "outbox", "republish", report_id, "--since", _iso(submitted))
    assert status == 0 and "re-published 3 event(s)" in out

    status, _, err = ops(system, capsys, "outbox", "republish", report_id, "--event", "nope")
    assert status == 3 and "nope" in err


def _iso(event: Any) -> str:
    return str(event.occurred_at.isoformat())


def test_a_given_up_webhook_delivery_is_listed_and_sent_again(
    system: System,
    local_webhooks: Resources,  # noqa: F811
    sqs: Any,
    httpserver: HTTPServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    register(httpserver)
    httpserver.expect_request("/hook").respond_with_data("down", status=503)
    deliver(sqs, local_webhooks)
    for _ in range(MAX_ATTEMPTS - 1):
        retry(later(the_delivery()))
    delivery_id = requests_to(httpserver)[0].headers["webhook-id"]
    dead = WebhookDeliveries().get(delivery_id)
    assert dead is not None and dead.state == "dead"
    httpserver.clear()
    httpserver.expect_request("/hook").respond_with_data("ok")

    status, out, _ = ops(system, capsys, "--json", "webhooks", "dead", "--agency", "dien-luc")
    assert status == 0
    assert [d["delivery_id"] for d in json.loads(out)] == [delivery_id]

    status, out, _ = ops(system, capsys, "webhooks", "redrive", "--agency", "dien-luc")
    assert status == 0 and f"{delivery_id}: redriven" in out
    assert retry(datetime.now(UTC)) == {"delivered": 1}
    [again] = requests_to(httpserver)
    assert again.headers["webhook-id"] == delivery_id  # the same delivery: receivers deduplicate on it
    status, out, _ = ops(system, capsys, "--json", "webhooks", "dead", "--agency", "dien-luc")
    assert json.loads(out) == []


def test_a_deployed_stack_is_found_by_its_ops_output(
    aws: Resources, sqs: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """--stack reads the stack's OpsResources output: queue names (not URLs), resolved on the way."""
    names = {
        "tables": {t.name: physical(TOPOLOGY, t.name) for t in TOPOLOGY.tables},
        "event_bus_name": physical(TOPOLOGY, TOPOLOGY.bus_name),
        "queues": {name: url.rsplit("/", 1)[1] for name, url in aws.queue_urls.items()},
        "dead_letter_queues": {name: url.rsplit("/", 1)[1] for name, url in aws.dlq_urls.items()},
    }
    template = {
        "Resources": {"Alarms": {"Type": "AWS::SNS::Topic"}},
        "Outputs": {"OpsResources": {"Value": json.dumps(names)}},
    }
    cloudformation = boto3.client("cloudformation", region_name=REGION)
    cloudformation.create_stack(StackName="PhanAnh-test", TemplateBody=json.dumps(template))
    dead_letter_with_contact(sqs, aws)

    status = main(["--stack", "PhanAnh-test", "--region", REGION, "--json", "dlq", "list"])
    out, err = capsys.readouterr()
    assert status == 0, err
    assert {s["name"]: s["depth"] for s in json.loads(out)}["notify"] == 1
    assert main(["--stack", "PhanAnh-test", "--region", REGION, "dlq", "redrive", "notify"]) == 0
    assert queue_bodies(sqs, aws.dlq_urls["notify"]) == []
    assert main(["--stack", "PhanAnh-nosuch", "--region", REGION, "dlq", "list"]) == 1
    assert "PhanAnh-nosuch" in capsys.readouterr().err
