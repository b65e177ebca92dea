"""One bad message never blocks or repeats the others, and ends in the DLQ after its retries."""

from __future__ import annotations

import json
from typing import Any

from infra.local.provision import Resources
from infra.topology import TOPOLOGY
from shared.repository import ReportRepository
from tests.integration.test_flow import submit
from tests.support import poller, queue_bodies, relay


def test_a_poison_message_fails_alone_and_reaches_the_dlq(aws: Resources, sqs: Any) -> None:
    good = submit()
    relay()  # its Report.Submitted on the bus (the outbox pipe), before the poison
    sqs.send_message(QueueUrl=aws.queue_urls["routing"], MessageBody=json.dumps({"detail-type": "garbage"}))
    p = poller(sqs, aws, "routing")

    p.poll_once()
    report = ReportRepository().get(good)
    assert report is not None and report.status.value == "assigned"

    for _ in range(TOPOLOGY.queue("routing").max_receive_count + 1):
        p.poll_once()
    assert queue_bodies(sqs, aws.queue_urls["routing"]) == []
    [dead] = queue_bodies(sqs, aws.dlq_urls["routing"])
    assert dead == {"detail-type": "garbage"}
    report = ReportRepository().get(good)
    assert report is not None and report.version == 2  # the good one was not processed again
