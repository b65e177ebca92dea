"""The staff API's reads of a report: one Query of its partition for the view, and the copy it leaves for
the action that follows, which never outlives its five minutes nor acts on a report that moved on."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from bench.aws_calls import Call
from infra.local.provision import Resources
from services.routing.dal import remembering_reports
from services.routing.dal.remembering_reports import RECENT_SECONDS, RememberingReports
from shared.photo_results import PhotoResults
from shared.report_partition import ReportPartition
from shared.repository import ReportRepository
from tests.images import jpeg_with_gps
from tests.integration.test_casework import act, routed, view
from tests.integration.test_photos import open_slot, submit_with, upload
from tests.support import pump, sign_in


@pytest.fixture
def tokens(pool: dict[str, Any]) -> dict[str, str]:
    return {name: sign_in(pool, name) for name in ("op", "dl", "xd")}


def test_one_query_reads_what_the_three_reads_did(aws: Resources, sqs: Any, tokens: dict[str, str]) -> None:
    slot = open_slot()
    upload(aws, slot, jpeg_with_gps((800, 600)))
    report_id = submit_with([slot["upload_id"]])["id"]
    pump(sqs, aws, "routing")
    pump(sqs, aws, "photos")
    assert act(tokens["dl"], report_id, type="accept")[0] == 200
    repository = ReportRepository()
    whole = ReportPartition().whole(report_id)
    assert whole is not None
    assert whole.report == repository.get(report_id)
    assert whole.events == repository.timeline_events(report_id) and len(whole.events) >= 3
    assert whole.photos == PhotoResults().for_report(report_id) and list(whole.photos) == [slot["upload_id"]]
    photos_only = ReportPartition().with_photos(report_id)
    assert photos_only is not None and photos_only.events == []
    assert (photos_only.report, photos_only.photos) == (whole.report, whole.photos)
    assert ReportPartition().whole("PA-0000-0000") is None

    seen = view(tokens["dl"], report_id)
    assert [step["type"] for step in seen["timeline"]] == [e.type.value for e in whole.events]
    assert {k: v["status"] for k, v in seen["photo_status"].items()} == {slot["upload_id"]: "ready"}


def dynamodb(calls: Counter[Call]) -> dict[str, int]:
    return {c.operation: n for c, n in calls.items() if c.service == "dynamodb"}


def test_the_view_is_one_query_and_the_action_after_it_one_transaction(
    aws: Resources, sqs: Any, tokens: dict[str, str], calls: Counter[Call]
) -> None:
    report_id = routed(sqs, aws)
    version = view(tokens["dl"], report_id)["version"]
    calls.clear()
    view(tokens["dl"], report_id)
    assert dynamodb(calls) == {"query": 1}
    calls.clear()
    assert act(tokens["dl"], report_id, version, type="accept")[0] == 200
    assert dynamodb(calls) == {"transact_write_items": 1}


def test_an_action_after_the_deadlines_were_booked_is_decided_on_a_fresh_read(
    aws: Resources, sqs: Any, tokens: dict[str, str]
) -> None:
    report_id = routed(sqs, aws)
    version = view(tokens["dl"], report_id)["version"]  # leaves a copy behind
    repository = ReportRepository()
    stored = repository.get(report_id)
    assert stored is not None
    booked = stored.model_copy(
        update={"sla_rev": stored.sla_rev + 1, "sla_events": [*stored.sla_events, "x"]}
    )
    repository.commit(booked, stored.version, expected_sla_rev=stored.sla_rev)  # as the SLA worker does
    status, done = act(tokens["dl"], report_id, version, type="accept")
    assert (status, done["status"]) == (200, "in_progress")
    after = repository.get(report_id)
    assert after is not None and "x" in after.sla_events and after.sla_rev == booked.sla_rev


def test_a_copy_never_lets_an_agency_act_on_a_report_taken_from_it(
    aws: Resources, sqs: Any, tokens: dict[str, str]
) -> None:
    report_id = routed(sqs, aws)
    seen = view(tokens["dl"], report_id)  # dien-luc's container keeps its copy
    moved = {"type": "assign", "agency_id": "so-xay-dung", "reason": "Thuộc thẩm quyền xây dựng"}
    assert act(tokens["op"], report_id, seen["version"], **moved)[0] == 200
    for version in (seen["version"], seen["version"] + 1):  # the copy's version, and the current one
        status, body = act(tokens["dl"], report_id, version, type="accept")
        assert (status, body["error"]["code"]) == (404, "not_found")
    assert act(tokens["xd"], report_id, seen["version"] + 1, type="accept")[0] == 200


def test_a_copy_is_offered_for_five_minutes_and_never_after_a_commit(
    aws: Resources, sqs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    report_id = routed(sqs, aws)
    now = [1000.0]
    monkeypatch.setattr(remembering_reports.time, "monotonic", lambda: now[0])
    store = RememberingReports()
    assert store.recent(report_id) is None  # nothing read yet
    found = store.whole(report_id)
    assert found is not None
    copy = store.recent(report_id)
    assert copy == found.report
    copy.description = "changed by its holder"  # type: ignore[union-attr]
    assert store.recent(report_id) == found.report  # each caller gets its own copy
    now[0] += RECENT_SECONDS - 1
    assert store.recent(report_id) == found.report
    now[0] += 1
    assert store.recent(report_id) is None  # five minutes on: gone

    fresh = store.get(report_id)
    assert fresh is not None and store.recent(report_id) == fresh
    store.commit(fresh.model_copy(update={"version": fresh.version + 1}), fresh.version)
    assert store.recent(report_id) is None  # the next action reads the report as committed
