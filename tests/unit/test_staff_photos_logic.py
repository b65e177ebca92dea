"""Staff see a report's photos and its answer's before publishing; agency staff only their agency's."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.routing.logic.staff_photos import staff_photo
from services.routing.logic.staff_views import staff_view
from shared.errors import NotFound
from shared.models import Location, PhotoResult, Report, Status
from shared.principal import Principal
from tests.fakes import FakePhotos, FakeReportFiles, FakeReports

OPERATOR = Principal(subject="1", username="op", groups=frozenset({"operator"}))
LEADER = Principal(subject="3", username="ld", groups=frozenset({"leader"}))
DIEN_LUC = Principal(subject="2", username="dl", groups=frozenset({"agency:dien-luc"}))
XAY_DUNG = Principal(subject="4", username="xd", groups=frozenset({"agency:so-xay-dung"}))
NOW = datetime.now(UTC)
CITIZEN, ANSWER, REFUSED, UNCHECKED = "a" * 32, "b" * 32, "c" * 32, "d" * 32


def resolved_with_photos() -> tuple[FakeReports, FakePhotos]:
    reports, photos = FakeReports(), FakePhotos()
    reports.reports["PA-1"] = Report(
        id="PA-1", created_at=NOW, updated_at=NOW, channel="web", description="Mất điện cả khu",
        location=Location(lat=9.17, lon=105.15), agency_id="dien-luc", status=Status.RESOLVED,
        photos=[CITIZEN], answer_photos=[ANSWER, REFUSED, UNCHECKED], agency_answer="Đã sửa xong",
    )  # fmt: skip
    for upload in (CITIZEN, ANSWER):
        photos.record("PA-1", PhotoResult(
            upload_id=upload, status="ready", processed_at=NOW,
            public_key=f"public/{upload}.jpg", thumbnail_key=f"public/{upload}-t.jpg",
        ))  # fmt: skip
        photos.files[f"public/{upload}.jpg"] = b"full " + upload.encode()
        photos.files[f"public/{upload}-t.jpg"] = b"thumb " + upload.encode()
    photos.record("PA-1", PhotoResult(
        upload_id=REFUSED, status="rejected", processed_at=NOW, reason="not_an_image",
        message_vi="Tệp không phải là ảnh.", message_en="The file is not an image.",
    ))  # fmt: skip
    return reports, photos


def test_the_answer_photos_are_served_to_staff_before_publishing() -> None:
    reports, photos = resolved_with_photos()
    for who in (DIEN_LUC, OPERATOR, LEADER):
        assert staff_photo(who, "PA-1", ANSWER, False, reports, photos, photos) == b"full " + ANSWER.encode()
    assert (
        staff_photo(OPERATOR, "PA-1", CITIZEN, True, reports, photos, photos) == b"thumb " + CITIZEN.encode()
    )


def test_another_agency_and_unknown_photos_are_not_found() -> None:
    reports, photos = resolved_with_photos()
    with pytest.raises(NotFound):
        staff_photo(XAY_DUNG, "PA-1", ANSWER, False, reports, photos, photos)
    with pytest.raises(NotFound):
        staff_photo(OPERATOR, "PA-1", "e" * 32, False, reports, photos, photos)
    with pytest.raises(NotFound) as refused:
        staff_photo(OPERATOR, "PA-1", REFUSED, False, reports, photos, photos)
    assert refused.value.message_en == "Photo rejected: The file is not an image."


def test_the_staff_view_tells_each_photo_ready_rejected_or_pending() -> None:
    reports, photos = resolved_with_photos()
    states = staff_view(DIEN_LUC, "PA-1", FakeReportFiles(reports, photos)).photo_status
    assert {upload: state.status for upload, state in states.items()} == {
        CITIZEN: "ready",
        ANSWER: "ready",
        REFUSED: "rejected",
        UNCHECKED: "pending",
    }
    assert states[REFUSED].message_vi == "Tệp không phải là ảnh."
