"""The photo worker on a filing's first delivery checks the photos its event names without reading the
report; a delivery that came before (a failed or timed-out attempt) reads what was recorded and skips it."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from services.intake.handlers.photo_worker import delivered_before
from services.intake.logic.process_photos import process_photos, public_key
from services.intake.logic.submit import submit
from services.intake.models import SubmitReport, Upload
from shared.events import ReportEvent
from shared.models import Category, Report
from shared.ports import ReportFile
from tests.fakes import FakeDirectory, FakeReportFiles, FakeReports
from tests.images import jpeg_with_gps
from tests.unit.test_intake_rules import FakeBucket, FakeOnce, FakeResults, FakeUploads

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
PHOTOS = ["a" * 32, "b" * 32]


class CountingBucket(FakeBucket):
    def __init__(self) -> None:
        super().__init__()
        self.written: list[str] = []

    def publish(self, key: str, data: bytes, content_type: str) -> bool:
        self.written.append(key)
        return super().publish(key, data, content_type)


class Unread:
    def with_photos(self, report_id: str) -> ReportFile | None:
        raise AssertionError("the report was read")


def _filed() -> tuple[FakeReports, FakeUploads, ReportEvent]:
    directory, reports, uploads = FakeDirectory(), FakeReports(), FakeUploads()
    directory.put_category(Category(code="road", name_vi="Đường", name_en="Roads"))
    for upload_id in PHOTOS:
        uploads.put(Upload(id=upload_id, key=f"uploads/{upload_id}", content_type="image/jpeg",
                           created_at=NOW, usable_until=NOW))  # fmt: skip
    body = {
        "description": "Ổ gà lớn trước số 12",
        "category": "road",
        "location": {"lat": 10.8, "lon": 106.7},
    }
    request = SubmitReport.model_validate({**body, "photos": PHOTOS})
    submit(request, None, reports, directory, uploads, FakeOnce(), "c", NOW)
    [event] = reports.published
    return reports, uploads, event


def test_a_first_delivery_checks_the_named_photos_without_reading_the_report() -> None:
    _, uploads, event = _filed()
    results, bucket = FakeResults(), CountingBucket()
    bucket.objects[f"uploads/{PHOTOS[0]}"] = jpeg_with_gps((800, 600))
    recorded = process_photos(event, Unread(), uploads, results, bucket, delivered_before=False)
    assert [(r.upload_id, r.status, r.reason) for r in recorded] == [
        (PHOTOS[0], "ready", None),
        (PHOTOS[1], "rejected", "not_uploaded"),
    ]
    # A duplicate of the event (the bus delivers at least once) changes nothing a person sees: the first
    # result of each photo stands, and its published copy is the same bytes
    published = {key: bucket.objects[key] for key in bucket.written}
    assert process_photos(event, Unread(), uploads, results, bucket, delivered_before=False) == []
    assert results.for_report(event.report_id) == {r.upload_id: r for r in recorded}
    assert {key: bucket.objects[key] for key in bucket.written} == published


def test_a_duplicate_event_after_the_upload_was_posted_again_keeps_the_published_copies() -> None:
    _, uploads, event = _filed()
    results, bucket = FakeResults(), CountingBucket()
    bucket.objects[f"uploads/{PHOTOS[0]}"] = jpeg_with_gps((800, 600))
    process_photos(event, Unread(), uploads, results, bucket, delivered_before=False)
    copies = [public_key(event.report_id, PHOTOS[0], variant) for variant in ("full", "thumb")]
    published = {key: bucket.objects[key] for key in copies}
    # The slot's presigned POST still works for a few minutes: other bytes land on the same original.
    bucket.objects[f"uploads/{PHOTOS[0]}"] = jpeg_with_gps((1200, 900))

    process_photos(event, Unread(), uploads, results, bucket, delivered_before=False)

    assert {key: bucket.objects[key] for key in published} == published


def test_a_redelivery_reads_what_was_recorded_and_cleans_nothing_again() -> None:
    reports, uploads, event = _filed()
    results, bucket = FakeResults(), CountingBucket()
    bucket.objects[f"uploads/{PHOTOS[0]}"] = jpeg_with_gps((800, 600))
    files = FakeReportFiles(reports, results)
    [first] = process_photos(event, Unread(), uploads, results, bucket, delivered_before=False)[:1]
    written = list(bucket.written)
    assert process_photos(event, files, uploads, results, bucket, delivered_before=True) == []
    assert bucket.written == written and first.status == "ready"


def test_a_filing_event_that_names_no_photos_is_read_as_before() -> None:
    reports, uploads, event = _filed()
    older = event.model_copy(update={"data": {k: v for k, v in event.data.items() if k != "upload_ids"}})
    results, bucket = FakeResults(), CountingBucket()
    recorded = process_photos(older, FakeReportFiles(reports, results), uploads, results, bucket, False)
    assert [r.upload_id for r in recorded] == PHOTOS
    stored = reports.get(event.report_id)
    assert isinstance(stored, Report) and stored.photos == PHOTOS


def test_a_filing_without_photos_leaves_the_worker_nothing_to_read() -> None:
    _, uploads, event = _filed()
    without = event.model_copy(update={"data": {**event.data, "photos": 0}})
    without.data.pop("upload_ids")
    assert (
        process_photos(without, Unread(), uploads, FakeResults(), FakeBucket(), delivered_before=True) == []
    )


def _record(event_id: str, count: str | None) -> dict[str, Any]:
    attributes = {} if count is None else {"ApproximateReceiveCount": count}
    return {"body": json.dumps({"detail": {"event_id": event_id}}), "attributes": attributes}


def test_only_a_records_first_receive_counts_as_a_first_delivery() -> None:
    records = [_record("first", "1"), _record("again", "2"), _record("unknown", None)]
    assert delivered_before([*records, {"body": "not json", "attributes": {}}]) == {"again", "unknown"}
