"""Intake's decisions on in-memory adapters: submitting (with and without a key), rating, photos, Open311."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from services.intake.logic.access import token_hash
from services.intake.logic.feed_query import FeedQuery, public_feed
from services.intake.logic.open311_errors import Open311Error
from services.intake.logic.open311_render import render, render_error
from services.intake.logic.open311_submit import create_request
from services.intake.logic.photo_link import photo_location
from services.intake.logic.ports import FeedPosition, ReadBudget
from services.intake.logic.process_photos import process_photos
from services.intake.logic.rate import AlreadyRated, NotAnswered, rate_answer
from services.intake.logic.submit import KeyReused, submit
from services.intake.logic.upload_slots import MAX_BYTES
from services.intake.models import RateAnswer, StoredOutcome, SubmitReport, Upload
from shared.errors import Forbidden, InvalidInput, NotFound
from shared.events import EventType
from shared.models import Category, CategoryField, Channel, Location, PhotoResult, Report, Reporter, Status
from shared.new_report import NewReport, file_new_report
from tests.fakes import FakeDirectory, FakeReportFiles, FakeReports
from tests.images import jpeg_with_gps

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
UPLOAD = "a" * 32


class FakeUploads:
    def __init__(self) -> None:
        self.uploads: dict[str, Upload] = {}
        self.claims: dict[str, str] = {}

    def put(self, upload: Upload) -> None:
        self.uploads[upload.id] = upload

    def get_many(self, ids: list[str]) -> dict[str, Upload]:
        return {i: self.uploads[i] for i in ids if i in self.uploads}

    def claim(self, ids: list[str], claimant: str, usable_at: datetime | None = None) -> list[str]:
        def usable(i: str) -> bool:
            return i in self.uploads and (usable_at is None or self.uploads[i].usable_until >= usable_at)

        refused = [i for i in ids if not usable(i) or self.claims.get(i, claimant) != claimant]
        if not refused:
            self.claims.update(dict.fromkeys(ids, claimant))
        return refused

    def filing_claims(self, ids: list[str], usable_at: datetime) -> FakeFilingClaims:
        return FakeFilingClaims(self, ids, usable_at)


class FakeFilingClaims:
    """A filing's claims, landed by FakeReports with the report (the transaction's stand-in)."""

    def __init__(self, uploads: FakeUploads, ids: list[str], usable_at: datetime) -> None:
        self.uploads, self.ids, self.usable_at = uploads, ids, usable_at

    def transact_items(self, report_id: str) -> list[dict[str, Any]]:
        raise AssertionError("only ReportRepository writes these")

    def land(self, report_id: str) -> list[int]:
        refused = self.uploads.claim(self.ids, report_id, usable_at=self.usable_at)
        return [self.ids.index(i) for i in refused]


class FakeResults:
    def __init__(self) -> None:
        self.results: dict[tuple[str, str], PhotoResult] = {}

    def record(self, report_id: str, result: PhotoResult) -> bool:
        return self.results.setdefault((report_id, result.upload_id), result) is result

    def for_report(self, report_id: str) -> dict[str, PhotoResult]:
        return {u: r for (rid, u), r in self.results.items() if rid == report_id}

    def get(self, report_id: str, upload_id: str) -> PhotoResult | None:
        return self.results.get((report_id, upload_id))


class FakeBucket:
    def __init__(self) -> None:
        self.objects: dict[str, bytes] = {}

    def presigned_post(self, key: str, content_type: str, max_bytes: int, expires_s: int) -> dict[str, Any]:
        return {"url": "https://bucket", "fields": {"key": key}}

    def presigned_get(self, key: str, expires_s: int) -> str:
        return f"https://bucket/{key}?signed"

    def original(self, key: str, max_bytes: int) -> tuple[int, bytes] | None:
        if key not in self.objects:
            return None
        size = len(self.objects[key])
        return size, b"" if size > max_bytes else self.objects[key]

    def put(self, key: str, data: bytes, content_type: str) -> None:
        self.objects[key] = data

    def publish(self, key: str, data: bytes, content_type: str) -> bool:
        if key in self.objects:
            return False
        self.objects[key] = data
        return True


class FakeOnce:
    """Keyed runs as Powertools keeps them: one outcome per key, refused for another body."""

    def __init__(self) -> None:
        self.done: dict[str, tuple[dict[str, Any], StoredOutcome]] = {}

    def run(self, key: str, body: dict[str, Any], create: Callable[[], StoredOutcome]) -> StoredOutcome:
        if key in self.done:
            if self.done[key][0] != body:
                raise KeyReused()
            return self.done[key][1]
        self.done[key] = (body, create())
        return self.done[key][1]


class FakeFeed:
    def __init__(self, reports: FakeReports) -> None:
        self.store = reports

    def newest(
        self,
        accept: Callable[[Report], bool],
        limit: int,
        since: datetime | None = None,
        until: datetime | None = None,
        after: FeedPosition | None = None,
        budget: ReadBudget | None = None,
        status: Status | None = None,
    ) -> tuple[list[Report], FeedPosition | None]:
        found = sorted(self.store.reports.values(), key=lambda r: r.created_at, reverse=True)
        return [r for r in found if accept(r)][:limit], None


class FakeApiClients:
    def client_for(self, key: str) -> str | None:
        return "city-app" if key == "good-key" else None


KEY = b"k" * 32


@pytest.fixture
def directory() -> FakeDirectory:
    directory = FakeDirectory()
    directory.put_category(Category(code="road", name_vi="Đường", name_en="Roads"))
    return directory


def request(**changes: Any) -> SubmitReport:
    body = {
        "description": "Ổ gà lớn trước số 12",
        "category": "road",
        "location": {"lat": 10.8, "lon": 106.7},
    }
    return SubmitReport.model_validate({**body, **changes})


def test_a_submission_files_the_report_with_its_submitted_event(directory: FakeDirectory) -> None:
    reports = FakeReports()
    out = submit(request(), None, reports, directory, FakeUploads(), FakeOnce(), "corr-1", NOW)
    stored = reports.get(out.id)
    assert stored is not None and stored.access_token_hash == token_hash(out.access_token)
    [event] = reports.published
    assert event.type is EventType.SUBMITTED and event.actor == "citizen:web"
    # the point, no contact details
    assert event.data == {
        "category": "road",
        "channel": "web",
        "photos": 0,
        "lat": 10.8,
        "lon": 106.7,
        "reachable": False,  # no contact given: nobody to tell
    }
    assert event.correlation_id == "corr-1" and event.occurred_at == NOW == stored.created_at


def test_a_retried_key_returns_the_same_report_and_token(directory: FakeDirectory) -> None:
    reports, once = FakeReports(), FakeOnce()
    first = submit(request(), "key-1", reports, directory, FakeUploads(), once, "c", NOW)
    again = submit(request(), "key-1", reports, directory, FakeUploads(), once, "c", NOW)
    assert (again.id, again.access_token) == (first.id, first.access_token)
    assert len(reports.reports) == 1
    with pytest.raises(KeyReused):
        submit(
            request(description="Một phản ánh khác hẳn"),
            "key-1",
            reports,
            directory,
            FakeUploads(),
            once,
            "c",
            NOW,
        )


def test_unknown_category_and_unknown_or_expired_upload_are_refused(directory: FakeDirectory) -> None:
    uploads = FakeUploads()
    old = NOW - timedelta(days=2)
    uploads.put(
        Upload(id="b" * 32, key="uploads/b", content_type="image/jpeg", created_at=old, usable_until=old)
    )
    with pytest.raises(InvalidInput) as unknown:
        submit(request(category="nope"), None, FakeReports(), directory, uploads, FakeOnce(), "c", NOW)
    assert unknown.value.fields == {"category": "unknown category code"}
    with pytest.raises(InvalidInput) as photos:
        submit(
            request(photos=[UPLOAD, "b" * 32]), None, FakeReports(), directory, uploads, FakeOnce(), "c", NOW
        )
    assert set(photos.value.fields) == {"photos.0", "photos.1"}


def test_file_new_report_serves_any_channel() -> None:
    reports = FakeReports()
    draft = NewReport(
        channel=Channel.HOTLINE,
        description="Cây đổ chắn đường",
        location=Location(lat=10.8, lon=106.7),
        category="road",
        category_source="operator",
        reporter=Reporter(name="Chị Lan", phone="0901234567"),
    )
    report = file_new_report(
        reports, draft, actor="staff:op-1", source="phananh.routing", correlation_id="c", now=NOW
    )
    assert report.channel is Channel.HOTLINE and report.category_source == "operator"
    assert report.reporter.phone == "0901234567" and report.status is Status.RECEIVED
    [event] = reports.published
    assert (event.source, event.actor) == ("phananh.routing", "staff:op-1")
    assert event.data == {
        "category": "road",
        "channel": "hotline",
        "photos": 0,
        "lat": 10.8,
        "lon": 106.7,
        "reachable": True,
    }


def answered(reports: FakeReports, token: str) -> Report:
    report = Report(
        id="PA-TEST-0009",
        created_at=NOW,
        updated_at=NOW,
        channel=Channel.WEB,
        description="x" * 10,
        location=Location(lat=10.8, lon=106.7),
        status=Status.CLOSED,
        answer="Đã vá xong.",
        access_token_hash=token_hash(token),
    )
    reports.reports[report.id] = report
    return report


def test_rating_once_per_published_answer() -> None:
    reports = FakeReports()
    answered(reports, "tok")
    with pytest.raises(Forbidden):
        rate_answer("PA-TEST-0009", "wrong", RateAnswer(satisfied=True), reports, "c", NOW)
    rating = rate_answer("PA-TEST-0009", "tok", RateAnswer(satisfied=True, score=5), reports, "c", NOW)
    assert rating.score == 5 and reports.reports["PA-TEST-0009"].version == 2
    assert reports.published[-1].type is EventType.RATED
    with pytest.raises(AlreadyRated):
        rate_answer("PA-TEST-0009", "tok", RateAnswer(satisfied=False), reports, "c", NOW)
    reports.reports["PA-TEST-0009"] = reports.reports["PA-TEST-0009"].model_copy(
        update={"status": Status.RESOLVED}
    )
    with pytest.raises(NotAnswered):
        rate_answer("PA-TEST-0009", "tok", RateAnswer(satisfied=False), reports, "c", NOW)


def test_photos_are_cleaned_once_and_bad_ones_recorded(directory: FakeDirectory) -> None:
    reports, uploads, results, bucket = FakeReports(), FakeUploads(), FakeResults(), FakeBucket()
    for upload_id in (UPLOAD, "b" * 32):
        uploads.put(
            Upload(
                id=upload_id,
                key=f"uploads/{upload_id}",
                content_type="image/jpeg",
                created_at=NOW,
                usable_until=NOW + timedelta(days=1),
            )
        )
    bucket.objects[f"uploads/{UPLOAD}"] = jpeg_with_gps((800, 600))
    out = submit(request(photos=[UPLOAD, "b" * 32]), None, reports, directory, uploads, FakeOnce(), "c", NOW)
    [event] = reports.published
    recorded = process_photos(event, FakeReportFiles(reports, results), uploads, results, bucket)
    assert [(r.upload_id, r.status, r.reason) for r in recorded] == [
        (UPLOAD, "ready", None),
        ("b" * 32, "rejected", "not_uploaded"),
    ]
    assert f"public/{out.id}/{UPLOAD}.full.jpg" in bucket.objects
    assert process_photos(event, FakeReportFiles(reports, results), uploads, results, bucket) == []
    assert photo_location(out.id, UPLOAD, True, reports, results, bucket).endswith(".thumb.jpg?signed")
    with pytest.raises(NotFound):
        photo_location(out.id, "b" * 32, False, reports, results, bucket)


def test_answer_photos_are_claimed_cleaned_and_public_only_with_the_answer(directory: FakeDirectory) -> None:
    reports, uploads, results, bucket = FakeReports(), FakeUploads(), FakeResults(), FakeBucket()
    theirs = "c" * 32
    for upload_id in (UPLOAD, theirs):
        uploads.put(
            Upload(
                id=upload_id,
                key=f"uploads/{upload_id}",
                content_type="image/jpeg",
                created_at=NOW,
                usable_until=NOW + timedelta(days=1),
            )
        )
        bucket.objects[f"uploads/{upload_id}"] = jpeg_with_gps((800, 600))
    uploads.claim([theirs], "another filing")
    out = submit(request(), None, reports, directory, uploads, FakeOnce(), "c", NOW)
    [event] = reports.published
    answered = {"status": Status.RESOLVED, "agency_answer": "Đã sửa", "answer_photos": [UPLOAD, theirs]}
    reports.reports[out.id] = reports.reports[out.id].model_copy(update=answered)
    resolved = event.model_copy(
        update={"type": EventType.RESOLVED, "data": {"answer": "Đã sửa", "photos": [UPLOAD, theirs]}}
    )
    recorded = process_photos(resolved, FakeReportFiles(reports, results), uploads, results, bucket)
    assert [(r.upload_id, r.status, r.reason) for r in recorded] == [
        (UPLOAD, "ready", None),
        (theirs, "rejected", "already_used"),  # another report's photo is not re-published
    ]
    assert uploads.claims[UPLOAD] == f"answer:{out.id}"
    with pytest.raises(NotFound):  # a draft answer's photo stays with staff
        photo_location(out.id, UPLOAD, False, reports, results, bucket)
    closed = {"status": Status.CLOSED, "answer": "Đã sửa"}
    reports.reports[out.id] = reports.reports[out.id].model_copy(update=closed)
    assert photo_location(out.id, UPLOAD, False, reports, results, bucket).endswith(".full.jpg?signed")


def test_the_public_feed_leaves_hidden_reports_out(directory: FakeDirectory) -> None:
    reports = FakeReports()
    for text in ("Ổ gà đường Lê Lợi", "Rác thải ven sông"):
        submit(request(description=text), None, reports, directory, FakeUploads(), FakeOnce(), "c", NOW)
    first = next(iter(reports.reports))
    reports.reports[first] = reports.reports[first].model_copy(update={"hidden": True})
    page = public_feed(FeedQuery(), FakeFeed(reports), KEY)
    assert [item.description for item in page.items] == ["Rác thải ven sông"]
    assert [i.id for i in public_feed(FeedQuery(q="song"), FakeFeed(reports), KEY).items] == [
        page.items[0].id
    ]


def test_an_open311_request_needs_a_key_and_becomes_a_report(directory: FakeDirectory) -> None:
    reports = FakeReports()
    form = "service_code=road&lat=10.8&long=106.7&description=%E1%BB%94+g%C3%A0+l%E1%BB%9Bn"
    with pytest.raises(Open311Error) as refused:
        create_request(form + "&api_key=bad", FakeApiClients(), reports, directory, FakeUploads(), "c", NOW)
    assert refused.value.status == 403 and not reports.reports
    created, client = create_request(
        form + "&api_key=good-key", FakeApiClients(), reports, directory, FakeUploads(), "c", NOW
    )
    report = reports.get(created[0]["service_request_id"])
    assert client == "city-app" and report is not None
    assert report.channel is Channel.OPEN311 and report.access_token_hash
    assert reports.published[0].actor == "citizen:open311"


def test_open311_bodies_in_json_and_xml() -> None:
    assert render({"a": [1]}, "x", "json") == ("application/json; charset=utf-8", '{"a": [1]}')
    content_type, body = render_error(404, "no", "xml")
    assert content_type.startswith("text/xml")
    assert body.endswith("<errors><error><code>404</code><description>no</description></error></errors>")


def _slot(uploads: FakeUploads, upload_id: str) -> None:
    uploads.put(
        Upload(
            id=upload_id,
            key=f"uploads/{upload_id}",
            content_type="image/jpeg",
            created_at=NOW,
            usable_until=NOW + timedelta(days=1),
        )
    )


def test_an_upload_belongs_to_the_first_report_that_claims_it(directory: FakeDirectory) -> None:
    reports, uploads = FakeReports(), FakeUploads()
    for upload_id in (UPLOAD, "b" * 32, "c" * 32):
        _slot(uploads, upload_id)
    first = submit(
        request(photos=[UPLOAD, "b" * 32]), None, reports, directory, uploads, FakeOnce(), "c", NOW
    )
    assert uploads.claims == {UPLOAD: first.id, "b" * 32: first.id}  # stored with the report, as its own
    for photos in ([UPLOAD], ["c" * 32, "b" * 32]):
        with pytest.raises(InvalidInput) as taken:
            submit(request(photos=photos), None, reports, directory, uploads, FakeOnce(), "c", NOW)
        assert list(taken.value.fields.values()) == ["upload already used by another report"]
    assert len(reports.reports) == 1
    assert "c" * 32 not in uploads.claims  # refused all together: still free for its own report
    submit(request(photos=["c" * 32]), None, reports, directory, uploads, FakeOnce(), "c", NOW)


def test_a_filing_that_fails_leaves_its_uploads_free(directory: FakeDirectory) -> None:
    uploads = FakeUploads()
    _slot(uploads, UPLOAD)

    class Failing(FakeReports):
        def create_new(self, *args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("the table is down")

    with pytest.raises(RuntimeError):
        submit(request(photos=[UPLOAD]), None, Failing(), directory, uploads, FakeOnce(), "c", NOW)
    assert uploads.claims == {}
    submit(request(photos=[UPLOAD]), None, FakeReports(), directory, uploads, FakeOnce(), "c", NOW)


def test_an_answer_without_photos_leaves_the_photo_worker_nothing_to_read(directory: FakeDirectory) -> None:
    class Unread(FakeReports):
        def get(self, report_id: str) -> Report | None:
            raise AssertionError("the report was read")

    reports, uploads, results, bucket = FakeReports(), FakeUploads(), FakeResults(), FakeBucket()
    submit(request(), None, reports, directory, uploads, FakeOnce(), "c", NOW)
    [filed] = reports.published
    answered = filed.model_copy(
        update={"type": EventType.RESOLVED, "data": {"answer": "Đã sửa", "photos": []}}
    )
    assert process_photos(answered, FakeReportFiles(Unread(), results), uploads, results, bucket) == []
    with_photo = answered.model_copy(update={"data": {"answer": "Đã sửa", "photos": [UPLOAD]}})
    with pytest.raises(AssertionError):  # an answer with a photo is read and checked
        process_photos(with_photo, FakeReportFiles(Unread(), results), uploads, results, bucket)


def test_an_empty_upload_is_rejected_and_the_other_photos_go_on(directory: FakeDirectory) -> None:
    reports, uploads, results, bucket = FakeReports(), FakeUploads(), FakeResults(), FakeBucket()
    for upload_id in ("e" * 32, UPLOAD):
        _slot(uploads, upload_id)
    bucket.objects[f"uploads/{'e' * 32}"] = b""
    bucket.objects[f"uploads/{UPLOAD}"] = jpeg_with_gps((800, 600))
    submit(request(photos=["e" * 32, UPLOAD]), None, reports, directory, uploads, FakeOnce(), "c", NOW)
    [event] = reports.published
    recorded = process_photos(event, FakeReportFiles(reports, results), uploads, results, bucket)
    assert [(r.upload_id, r.status, r.reason) for r in recorded] == [
        ("e" * 32, "rejected", "empty"),
        (UPLOAD, "ready", None),
    ]


def test_an_upload_over_the_limit_is_rejected_with_its_real_size(directory: FakeDirectory) -> None:
    reports, uploads, results, bucket = FakeReports(), FakeUploads(), FakeResults(), FakeBucket()
    _slot(uploads, UPLOAD)
    bucket.objects[f"uploads/{UPLOAD}"] = b"\xff" * (MAX_BYTES + 1)
    submit(request(photos=[UPLOAD]), None, reports, directory, uploads, FakeOnce(), "c", NOW)
    [event] = reports.published
    [result] = process_photos(event, FakeReportFiles(reports, results), uploads, results, bucket)
    assert (result.status, result.reason, result.original_bytes) == ("rejected", "too_large", MAX_BYTES + 1)
    assert not [key for key in bucket.objects if key.startswith("public/")]


def test_photo_problems_and_answer_problems_are_told_in_the_same_order(directory: FakeDirectory) -> None:
    """An unknown or expired photo before the category's questions; a photo already taken after them."""
    pole = CategoryField(code="pole", name_vi="Số cột", name_en="Pole number", required=True)
    directory.put_category(Category(code="dien", name_vi="Điện", name_en="Power", fields=[pole]))
    reports, uploads = FakeReports(), FakeUploads()
    _slot(uploads, UPLOAD)
    uploads.claim([UPLOAD], "another filing")
    unanswered = {"category": "dien"}
    for photos, field in (([UPLOAD], "attributes.pole"), (["f" * 32], "photos.0")):
        with pytest.raises(InvalidInput) as refused:
            submit(
                request(**unanswered, photos=photos), None, reports, directory, uploads, FakeOnce(), "c", NOW
            )
        assert list(refused.value.fields) == [field]
    answered = {**unanswered, "attributes": {"pole": "12"}}
    with pytest.raises(InvalidInput) as taken:
        submit(request(**answered, photos=[UPLOAD]), None, reports, directory, uploads, FakeOnce(), "c", NOW)
    assert taken.value.fields == {"photos.0": "upload already used by another report"}
    assert uploads.claims == {UPLOAD: "another filing"} and not reports.reports


def test_a_filing_refused_for_its_answers_leaves_its_uploads_free(directory: FakeDirectory) -> None:
    pole = CategoryField(code="pole", name_vi="Số cột", name_en="Pole number", required=True)
    directory.put_category(Category(code="dien", name_vi="Điện", name_en="Power", fields=[pole]))
    uploads = FakeUploads()
    _slot(uploads, UPLOAD)
    with pytest.raises(InvalidInput):
        submit(
            request(category="dien", photos=[UPLOAD]),
            None,
            FakeReports(),
            directory,
            uploads,
            FakeOnce(),
            "c",
            NOW,
        )
    assert uploads.claims == {}
