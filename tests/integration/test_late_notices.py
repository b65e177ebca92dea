"""Notify may run late (a backlog, retries under faults): the assignment is still told, once, when the
report has meanwhile been accepted, answered and published."""

from __future__ import annotations

from typing import Any

from infra.local.provision import Resources
from tests.integration.test_casework import act, routed, tokens
from tests.support import poller, pump, sent_emails

__all__ = ["tokens"]


def test_an_assignment_told_after_the_report_was_closed(
    aws: Resources, sqs: Any, tokens: dict[str, str]
) -> None:
    report_id = routed(sqs, aws)
    pump(sqs, aws, "sla")  # the deadlines: Sla.Started joins Report.Assigned in notify's queue
    assert act(tokens["dl"], report_id, type="accept")[0] == 200
    assert act(tokens["dl"], report_id, type="resolve", answer="Đã sửa xong đường dây cho khóm 2.")[0] == 200
    assert act(tokens["op"], report_id, type="publish")[0] == 200
    pump(sqs, aws, "sla")

    notify = poller(sqs, aws, "notify")
    for _ in range(3):
        notify.poll_once()

    agency = [
        e
        for e in sent_emails()
        if "dienluc@phananh-demo.vn" in e.destinations["ToAddresses"] and report_id in e.subject
    ]
    assert len(agency) == 1, [e.subject for e in sent_emails()]
    assert (
        sqs.get_queue_attributes(
            QueueUrl=aws.queue_urls["notify"], AttributeNames=["ApproximateNumberOfMessagesNotVisible"]
        )["Attributes"]["ApproximateNumberOfMessagesNotVisible"]
        == "0"
    )  # nothing failed, to be retried
