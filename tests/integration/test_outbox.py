"""Nothing lost between the write and the publish."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from infra.local.provision import Resources
from services.sla.logic.deadline_sweep import sweep
from shared.errors import PublishError
from shared.repository import ReportRepository
from tests.integration.test_flow import submit
from tests.support import pump, queue_bodies


def test_report_whose_event_failed_is_relayed_by_the_sweep(
    aws: Resources, sqs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(_: object) -> None:
        raise PublishError("EventBridge is down")

    monkeypatch.setattr("shared.repository.publish", refuse)
    report_id = submit()  # the citizen still gets 201: the report is saved
    assert queue_bodies(sqs, aws.queue_urls["routing"]) == []
    monkeypatch.undo()

    repo = ReportRepository()
    assert sweep(repo, now=datetime.now(UTC)).relayed == 0  # too young: its writer may still publish it
    assert sweep(repo, now=datetime.now(UTC) + timedelta(minutes=2)).relayed == 1
    assert sweep(repo, now=datetime.now(UTC) + timedelta(minutes=3)).relayed == 0  # relayed once

    pump(sqs, aws, "routing")
    report = repo.get(report_id)
    assert report is not None and report.status.value == "assigned"


def test_published_events_leave_the_outbox(aws: Resources, sqs: Any) -> None:
    submit()
    pump(sqs, aws, "routing")
    repo = ReportRepository()
    assert repo.unpublished_before(datetime.now(UTC) + timedelta(hours=1)) == []
