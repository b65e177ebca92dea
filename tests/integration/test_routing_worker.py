"""The routing worker: area from the point, category from the text when needed, duplicate hints."""

from __future__ import annotations

from collections import Counter
from typing import Any

from bench.aws_calls import PLUMBING, Call
from infra.local.provision import Resources
from shared.models import Report
from shared.repository import ReportRepository
from tests.support import api_call, pump, queue_bodies

AN_XUYEN = {"lat": 9.1769, "lon": 105.1524}
TAN_THANH = {"lat": 9.17, "lon": 105.19}


def submit_and_route(sqs: Any, aws: Resources, **body: Any) -> Report:
    status, created = api_call("POST", "/v1/reports", body)
    assert status == 201, created
    pump(sqs, aws, "routing")
    report = ReportRepository().get(created["id"])
    assert report is not None
    return report


def test_the_wards_committee_gets_urban_infrastructure_in_its_ward(aws: Resources, sqs: Any) -> None:
    text = "Nắp hố ga bị vỡ, rất nguy hiểm cho người đi đường"
    in_ward = submit_and_route(sqs, aws, description=text, category="ha_tang_do_thi", location=AN_XUYEN)
    elsewhere = submit_and_route(
        sqs, aws, description=text, category="ha_tang_do_thi", location={"lat": 9.12, "lon": 105.15}
    )
    assert (in_ward.location.area_code, in_ward.agency_id) == ("phuong-an-xuyen", "ubnd-phuong-an-xuyen")
    # Phường Hòa Thành has no rule of its own: the province-wide fallback applies.
    assert (elsewhere.location.area_code, elsewhere.agency_id) == ("phuong-hoa-thanh", "so-xay-dung")


def test_other_or_no_category_is_classified_from_the_text(aws: Resources, sqs: Any) -> None:
    report = submit_and_route(
        sqs, aws, description="Khu này bị cúp điện từ tối qua tới giờ", category="khac", location=TAN_THANH
    )
    assert (report.category, report.category_source, report.agency_id) == ("dien", "classifier", "dien-luc")
    [event] = [
        m
        for m in queue_bodies(sqs, aws.queue_urls["notify"])
        if m["detail"]["report_id"] == report.id and m["detail-type"] == "Report.Assigned"
    ]
    assert event["detail"]["data"] == {
        "category": "dien",
        "area_code": "phuong-tan-thanh",
        "agency_id": "dien-luc",
        "status": "assigned",
        # the deadlines the assignment's commit set (the SLA worker needs no read: decision 41)
        "accept_due_at": report.accept_due_at.isoformat() if report.accept_due_at else None,
        "answer_due_at": report.answer_due_at.isoformat() if report.answer_due_at else None,
    }
    assert report.accept_due_at and report.answer_due_at


def test_an_unsure_text_goes_to_triage(aws: Resources, sqs: Any) -> None:
    report = submit_and_route(
        sqs, aws, description="Cột điện nghiêng vì nhà bên cạnh xây lấn", location=AN_XUYEN
    )
    assert (report.status.value, report.category, report.agency_id) == ("triage", None, None)
    [step] = [
        s for s in ReportRepository().timeline_events(report.id) if s.type.value == "Report.NeedsTriage"
    ]
    assert step.data["reason"] == "low_confidence"


def test_open_reports_nearby_of_the_same_category_are_hinted(aws: Resources, sqs: Any) -> None:
    text = "Mất điện cả khu phố từ sáng"
    first = submit_and_route(sqs, aws, description=text, category="dien", location=AN_XUYEN)
    litter = "Rác thải bốc mùi hôi thối"
    other_kind = submit_and_route(
        sqs, aws, description=litter, category="ve_sinh_moi_truong", location=AN_XUYEN
    )
    far = submit_and_route(
        sqs, aws, description=text, category="dien", location={"lat": 9.1790, "lon": 105.1524}
    )
    near = submit_and_route(
        sqs, aws, description=text, category="dien", location={"lat": 9.1775, "lon": 105.1528}
    )
    assert first.possible_duplicates == []
    assert other_kind.possible_duplicates == []
    assert far.possible_duplicates == []  # ~230 m away
    assert near.possible_duplicates == [first.id]  # ~80 m away, same category, open


def test_a_report_across_a_cell_border_is_hinted_with_one_or_two_index_reads(
    aws: Resources, sqs: Any, calls: Counter[Call]
) -> None:
    # 9.173584 N, 105.150146 E is a corner of four geohash-6 cells: the two reports, ~60 m apart, are
    # filed under different cells of the nearby index.
    text = "Mất điện cả khu phố từ sáng"
    first = submit_and_route(
        sqs, aws, description=text, category="dien", location={"lat": 9.1738, "lon": 105.1503}
    )
    calls.clear()
    near = submit_and_route(
        sqs, aws, description=text, category="dien", location={"lat": 9.1733, "lon": 105.1499}
    )
    assert near.possible_duplicates == [first.id]
    assert calls[Call(PLUMBING, "dynamodb", "query")] == 4  # the four cells around a corner, no more
    calls.clear()
    away = submit_and_route(sqs, aws, description=text, category="dien", location=AN_XUYEN)
    assert away.possible_duplicates == []
    assert calls[Call(PLUMBING, "dynamodb", "query")] == 1  # inside one cell: one read
