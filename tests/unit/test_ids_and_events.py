from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from services.intake.models import SubmitReport
from shared.events import BusMessage, EventType, ReportEvent
from shared.ids import deterministic_event_id, is_report_id, new_report_id, normalise_report_id


def test_tracking_codes_are_short_and_unambiguous() -> None:
    codes = {new_report_id() for _ in range(2000)}
    assert len(codes) == 2000
    for code in codes:
        assert is_report_id(code)
        assert len(code) == 12
        assert not set(code[3:].replace("-", "")) & set("ILOU")


def test_a_code_read_over_the_phone_is_understood() -> None:
    assert normalise_report_id(" pa 7k3m q9xd ") == "PA-7K3M-Q9XD"
    assert normalise_report_id("PA-7K3M-Q9X0") == normalise_report_id("pa-7k3m-q9xo")
    assert normalise_report_id("PA-1234-5678") == normalise_report_id("pa-l234-567B".replace("B", "8"))


def test_same_fact_same_event_id() -> None:
    assert deterministic_event_id("PA-1", "breached") == deterministic_event_id("PA-1", "breached")
    assert deterministic_event_id("PA-1", "breached") != deterministic_event_id("PA-2", "breached")


def test_bus_message_parses_what_eventbridge_delivers_without_account() -> None:
    detail = ReportEvent(
        type=EventType.SUBMITTED,
        source="phananh.intake",
        report_id="PA-1",
        actor="citizen:web",
        correlation_id="c1",
    )
    body = {
        "version": "0",
        "id": "abc",
        "detail-type": "Report.Submitted",
        "source": "phananh.intake",
        "time": datetime.now(UTC).isoformat(),
        "region": "ap-southeast-1",
        "resources": [],
        "detail": json.loads(detail.model_dump_json()),
    }
    message = BusMessage.model_validate_json(json.dumps(body))
    assert message.detail == detail
    assert message.account is None


def test_follow_up_keeps_the_correlation() -> None:
    first = ReportEvent(
        type=EventType.SUBMITTED, source="s", report_id="PA-1", actor="a", correlation_id="c9"
    )
    second = first.follow_up(EventType.ASSIGNED, "routing", "system", agency_id="x")
    assert (second.report_id, second.correlation_id, second.data) == ("PA-1", "c9", {"agency_id": "x"})
    assert second.event_id != first.event_id


def valid_report(**changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "description": "Ổ gà lớn giữa đường Trần Hưng Đạo",
        "location": {"lat": 9.17, "lon": 105.15},
    }
    body.update(changes)
    return body


@pytest.mark.parametrize(
    "changes",
    [
        {"description": "ngắn"},
        {"description": "x" * 4001},
        {"location": {"lat": 48.85, "lon": 2.35}},  # Paris is not in Vietnam
        {"location": {"lat": 9.17}},
        {"channel": "pigeon"},
        {"reporter": {"phone": "call me maybe"}},
        {"reporter": {"email": "not-an-email"}},
        {"category": "Điện"},
        {"unexpected": True},
    ],
)
def test_submissions_are_bounded(changes: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        SubmitReport.model_validate(valid_report(**changes))


def test_islands_are_inside_vietnam() -> None:
    SubmitReport.model_validate(valid_report(location={"lat": 10.38, "lon": 114.36}))  # Trường Sa
