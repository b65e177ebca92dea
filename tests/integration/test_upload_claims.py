"""An upload belongs to the first report that lists it, once; an empty upload never blocks the others."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from bench.aws_calls import Call
from infra.local.provision import Resources
from shared.photo_bucket import PhotoBucket
from tests.images import png
from tests.integration.test_casework import act, tokens  # noqa: F401 - the fixture
from tests.integration.test_citizen_api import REPORT
from tests.integration.test_photos import open_slot, reporter_view, submit_with, upload
from tests.support import api_call, pump


def _submit(photos: list[str]) -> tuple[int, Any]:
    return api_call("POST", "/v1/reports", {**REPORT, "photos": photos})


def test_an_upload_id_already_used_cannot_be_claimed_again(
    aws: Resources,
    sqs: Any,
    tokens: dict[str, str],  # noqa: F811
) -> None:
    first, spare = open_slot("image/png"), open_slot("image/png")
    upload(aws, first, png())
    created = submit_with([first["upload_id"]])
    status, body = _submit([first["upload_id"]])
    assert (status, body["error"]["fields"]) == (422, {"photos.0": "upload already used by another report"})
    status, _ = act(tokens["op"], created["id"], type="hide", hidden=True, reason="Ảnh nhạy cảm")
    assert status == 200
    status, body = _submit([spare["upload_id"], first["upload_id"]])  # a hidden report's photo too
    assert (status, list(body["error"]["fields"])) == (422, ["photos.1"])
    again = submit_with([spare["upload_id"]])  # refused all together: the spare was left free
    assert [p["id"] for p in reporter_view(again)["photos"]] == [spare["upload_id"]]


def test_the_same_keyed_submission_retried_keeps_its_uploads(aws: Resources) -> None:
    slot = open_slot("image/png")
    headers = {"Idempotency-Key": "retry-with-photo"}
    body = {**REPORT, "photos": [slot["upload_id"]]}
    first = api_call("POST", "/v1/reports", body, headers=headers)
    again = api_call("POST", "/v1/reports", body, headers=headers)
    assert first[0] == again[0] == 201 and first[1]["id"] == again[1]["id"]
    assert _claimed_by(slot["upload_id"]) == first[1]["id"]  # the photo is that report's


def test_an_empty_upload_is_rejected_and_the_other_photos_are_published(aws: Resources, sqs: Any) -> None:
    empty, good = open_slot("image/jpeg"), open_slot("image/png")
    upload(aws, empty, b"")
    upload(aws, good, png())
    created = submit_with([empty["upload_id"], good["upload_id"]])
    pump(sqs, aws, "photos")
    photos = {p["id"]: p["status"] for p in reporter_view(created)["photos"]}
    assert photos == {empty["upload_id"]: "rejected", good["upload_id"]: "ready"}
    assert PhotoBucket().read(empty["fields"]["key"], 100) == b""  # a range on nothing is no error


def test_the_claim_checks_each_slot_is_known_and_usable_in_its_own_write(aws: Resources) -> None:
    from datetime import UTC, datetime, timedelta

    from services.intake.dal.upload_table import UploadTable
    from services.intake.models import Upload

    now = datetime(2026, 11, 30, 8, 0, 0, tzinfo=UTC)  # a whole second: the stored text has its fraction
    uploads = UploadTable()
    for upload_id, usable_until in (("open", now), ("late", now - timedelta(microseconds=1))):
        uploads.put(
            Upload(id=upload_id, key=f"uploads/{upload_id}", content_type="image/png", created_at=now,
                   usable_until=usable_until)
        )  # fmt: skip
    assert uploads.claim(["late"], "filing-1", usable_at=now) == ["late"]
    assert uploads.claim(["open", "missing"], "filing-1", usable_at=now) == ["missing"]
    assert uploads.claim(["open"], "filing-1", usable_at=now + timedelta(microseconds=1)) == ["open"]
    assert uploads.claim(["open"], "filing-1", usable_at=now) == []


def test_an_expired_slot_is_refused_and_a_filing_reads_no_slot(aws: Resources, calls: Counter[Call]) -> None:
    from datetime import UTC, datetime, timedelta

    from services.intake.dal.upload_table import UploadTable

    expired, fresh = open_slot("image/png"), open_slot("image/png")
    table = UploadTable()
    [stored] = table.get_many([expired["upload_id"]]).values()
    table.put(stored.model_copy(update={"id": "e" * 32, "usable_until": datetime.now(UTC) - timedelta(1)}))
    status, body = _submit([fresh["upload_id"], "e" * 32])
    assert (status, body["error"]["fields"]) == (422, {"photos.1": "upload slot expired; ask for a new one"})
    calls.clear()
    submit_with([fresh["upload_id"]])  # left free by the refusal
    dynamodb = {c.operation: n for c, n in calls.items() if c.service == "dynamodb"}
    assert dynamodb == {"transact_write_items": 1}  # the filing with its claims (the category was cached)


def _stored_report(report_id: str, now: Any) -> tuple[Any, Any]:
    from shared.events import EventType, ReportEvent
    from shared.models import Channel, Location, Report

    report = Report(
        id=report_id, channel=Channel.WEB, description="Đèn hỏng", location=Location(lat=9.18, lon=105.15),
        created_at=now, updated_at=now,
    )  # fmt: skip
    event = ReportEvent(
        type=EventType.SUBMITTED, source="test", report_id=report_id, occurred_at=now, actor="citizen:web",
        correlation_id="c",
    )  # fmt: skip
    return report, event


def _claimed_by(upload_id: str) -> str | None:
    from services.intake.dal.upload_table import UploadTable
    from shared.aws import table

    item = table(UploadTable().table_name).get_item(Key={"id": upload_id}, ConsistentRead=True)["Item"]
    return item.get("claimed_by")


def test_a_refused_photo_is_no_taken_tracking_code_and_a_taken_code_keeps_the_claims(
    aws: Resources, monkeypatch: Any
) -> None:
    """The filing's claims ride in its own transaction: a claim refused stores nothing and is told as the
    photo's refusal (never retried under another code); a tracking code taken is drawn again, and the
    photos end up claimed by the report stored, under the code it got."""
    from datetime import UTC, datetime

    import shared.repository as repository
    from services.intake.dal.upload_table import UploadTable
    from services.intake.models import Upload
    from shared.errors import JointRefused

    now = datetime.now(UTC)
    uploads, reports = UploadTable(), repository.ReportRepository()
    for upload_id in ("free", "mine"):
        uploads.put(Upload(id=upload_id, key=f"uploads/{upload_id}", content_type="image/png", created_at=now,
                           usable_until=now))  # fmt: skip
    reports.create(*_stored_report("PA-TAKEN", now))
    codes = iter(["PA-TAKEN", "PA-FRESH", "PA-OTHER"])
    monkeypatch.setattr(repository, "new_report_id", lambda: next(codes))

    def build(code: str) -> tuple[Any, Any]:
        return _stored_report(code, now)

    report, _ = reports.create_new(build, uploads.filing_claims(["free"], now))
    assert report.id == "PA-FRESH" and _claimed_by("free") == "PA-FRESH"
    with pytest.raises(JointRefused) as refused:
        reports.create_new(build, uploads.filing_claims(["mine", "free"], now))
    assert refused.value.refused == [1]  # the second upload, already PA-FRESH's
    assert reports.get("PA-OTHER") is None and _claimed_by("mine") is None  # nothing written at all


def test_a_filings_photos_are_checked_on_first_delivery_without_reading_the_report(
    aws: Resources, sqs: Any, calls: Counter[Call]
) -> None:
    """The filing's event names its photos; a message SQS delivered before reads what was recorded."""
    from tests.support import queue_bodies

    first, second = open_slot("image/png"), open_slot("image/png")
    upload(aws, first, png())
    upload(aws, second, png())
    created = submit_with([first["upload_id"]])
    calls.clear()
    pump(sqs, aws, "photos")
    dynamodb = {c.operation: n for c, n in calls.items() if c.service == "dynamodb"}
    assert dynamodb == {"put_item": 1}  # the photo's result, conditional: no read of the report
    assert [p["status"] for p in reporter_view(created)["photos"]] == ["ready"]
    again = submit_with([second["upload_id"]])
    queue_bodies(sqs, aws.queue_urls["photos"])  # a receive that did not finish: the next is a redelivery
    calls.clear()
    pump(sqs, aws, "photos")
    assert {c.operation for c in calls if c.service == "dynamodb"} == {"query", "put_item"}
    assert [p["status"] for p in reporter_view(again)["photos"]] == ["ready"]
