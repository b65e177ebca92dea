"""The stats consumer wired as the topology says: events reach its queue and move the public figures."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from infra.local.provision import Resources
from shared.working_time import TZ
from tests.integration.test_flow import submit
from tests.support import api_call, pump


def test_a_submitted_and_assigned_report_shows_in_this_months_figures(aws: Resources, sqs: Any) -> None:
    submit()
    pump(sqs, aws, "routing")
    assert pump(sqs, aws, "stats") == 2  # Report.Submitted and Report.Assigned
    month = datetime.now(UTC).astimezone(TZ).strftime("%Y-%m")
    status, body = api_call(
        "GET", "/v1/stats", route="/v1/stats", function="stats-api", query=f"period={month}"
    )
    assert status == 200
    assert (body["province"]["received"], body["province"]["assigned"], body["province"]["open"]) == (1, 1, 1)
    [agency] = body["by_agency"]
    assert (agency["id"], agency["name"], agency["received"]) == ("dien-luc", "Công ty Điện lực Cà Mau", 1)
    # Without a period: this month.
    assert (
        api_call("GET", "/v1/stats", route="/v1/stats", function="stats-api")[1]["province"]["received"] == 1
    )
