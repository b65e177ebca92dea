"""The statistics projection on a generated month: live counters = rebuild = a direct recount."""

from __future__ import annotations

import json
import math
import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import boto3
import jwt
import pytest
from moto import mock_aws
from moto.utilities.utils import load_resource

from infra.local.cognito import provision_user_pool
from infra.local.provision import provision
from infra.seed import load_seed
from infra.topology import TOPOLOGY
from services.sla.dal.report_archive import ReportTableArchive
from services.sla.dal.stats_table import StatsRepository
from services.sla.handlers import rebuild_stats
from services.sla.logic.clock_events import apply_clock_event
from services.sla.logic.deadline_sweep import sweep
from services.sla.logic.projection import Projected, project
from services.sla.logic.stats_rebuild import check
from shared import auth
from shared.aws import reset_clients
from shared.directory import DirectoryRepository
from shared.events import EventType, ReportEvent
from shared.ids import new_report_id
from shared.models import Channel, Location, Report, Status
from shared.repository import ReportRepository
from shared.sla_policy import SlaSettings, policy_from
from shared.working_time import TZ, add_working_hours, working_hours_between
from tests.integration.conftest import clear_handler_caches
from tests.integration.test_staff_auth import forged
from tests.support import REGION, api_call, stored_earlier

RULES = policy_from(SlaSettings())
REPORTS = 24
REPEATS = 10

MONTH = "2026-10"
CATEGORIES = ["dien", "giao_thong", "ve_sinh_moi_truong", "du_lich", "khac"]
AREAS = ["cm-an-xuyen", "cm-tan-thanh", None]


class Generator:
    """Reports of October 2026 taken through routing's steps, as routing would record them."""

    def __init__(self, seed: int = 5) -> None:
        self.rng = random.Random(seed)
        self.repo = ReportRepository()
        self.directory = DirectoryRepository()
        self.resolved_at: dict[str, datetime] = {}
        self.ratings: dict[str, tuple[bool, int | None]] = {}

    def step(self, report_id: str, type_: EventType, status: Status, at: datetime, **data: Any) -> None:
        report = self.repo.get(report_id)
        assert report is not None
        agency = data.pop("agency_id", report.agency_id)
        changed = report.model_copy(
            update={"status": status, "agency_id": agency, "version": report.version + 1}
        )
        event = ReportEvent(
            type=type_,
            source="phananh.routing" if type_ is not EventType.RATED else "phananh.intake",
            report_id=report_id,
            occurred_at=at,
            actor="staff:gen",
            correlation_id=report_id,
            data={"agency_id": agency, "status": status.value, **data},
        )
        self.repo.commit(changed, report.version, [event])
        apply_clock_event(event, self.repo, self.directory, RULES)

    def one(self) -> str:
        rng = self.rng
        category = rng.choice(CATEGORIES)
        created = datetime(2026, 10, rng.randint(1, 31), rng.randint(0, 23), rng.randint(0, 59), tzinfo=TZ)
        report = Report(
            id=new_report_id(),
            created_at=created,
            updated_at=created,
            channel=Channel.WEB,
            category=category,
            description="Phản ánh mẫu cho thống kê",
            location=Location(lat=9.17, lon=105.15, area_code=rng.choice(AREAS)),
        )
        submitted = ReportEvent(
            type=EventType.SUBMITTED,
            source="phananh.intake",
            report_id=report.id,
            occurred_at=created,
            actor="citizen:web",
            correlation_id=report.id,
            data={"category": category},
        )
        stored_earlier(report, submitted)
        agency = self.directory.agency_for(category, None)
        at = created + timedelta(minutes=3)
        if agency is None:
            self.step(report.id, EventType.NEEDS_TRIAGE, Status.TRIAGE, at)
            if rng.random() < 0.5:
                self.step(report.id, EventType.REJECTED, Status.REJECTED, at + timedelta(hours=2))
            return report.id
        self.step(report.id, EventType.ASSIGNED, Status.ASSIGNED, at, agency_id=agency)
        if rng.random() < 0.8:
            self.step(report.id, EventType.ACCEPTED, Status.IN_PROGRESS, add_working_hours(at, 2))
        else:
            return report.id
        if rng.random() < 0.75:
            done = add_working_hours(created, rng.uniform(3, 50))
            self.step(report.id, EventType.RESOLVED, Status.RESOLVED, done, answer="Đã xử lý")
            self.resolved_at[report.id] = done
            if rng.random() < 0.6:
                self.step(report.id, EventType.CLOSED, Status.CLOSED, done + timedelta(hours=1))
            if rng.random() < 0.7:
                satisfied, score = rng.random() < 0.6, rng.choice([None, 1, 2, 3, 4, 5])
                self.step(
                    report.id,
                    EventType.RATED,
                    Status.CLOSED if rng.random() < 0.5 else Status.RESOLVED,
                    done + timedelta(hours=2),
                    satisfied=satisfied,
                    score=score,
                )
                self.ratings[report.id] = (satisfied, score)
        return report.id


def timeline_events(report_id: str) -> list[ReportEvent]:
    items = ReportRepository()._table.query(
        KeyConditionExpression="pk = :pk AND begins_with(sk, :e)",
        ExpressionAttributeValues={":pk": report_id, ":e": "EVENT#"},
    )["Items"]
    return [ReportEvent.model_validate_json(item["event"]) for item in items]


@pytest.fixture(scope="module")
def month() -> Iterator[dict[str, Any]]:
    """One generated month for the whole module: moto deep-copies every table on each transaction, so
    generating it costs seconds; the tests only read it."""
    with mock_aws(), pytest.MonkeyPatch.context() as patch:
        reset_clients()
        clear_handler_caches()
        session = boto3.Session(region_name=REGION)
        provision(session, visibility_timeout_s=0)
        load_seed(DirectoryRepository())
        users = provision_user_pool(session, TOPOLOGY, "http://emulator", [])
        for key, value in users.env.items():
            patch.setenv(key, value)
        patch.setattr(
            jwt.PyJWKClient, "fetch_data", lambda self: load_resource("cognitoidp/resources/jwks-public.json")
        )
        reset_clients()
        auth.reset()
        gen = Generator()
        ids = [gen.one() for _ in range(REPORTS)]
        sweep(ReportRepository(), now=datetime(2026, 11, 20, 9, 0, tzinfo=TZ))  # breaches what is still open
        # The live projection: every event, shuffled (SQS keeps no order), some delivered twice.
        events = [e for report_id in ids for e in timeline_events(report_id)]
        rng = random.Random(7)
        deliveries = events + rng.sample(events, REPEATS)
        rng.shuffle(deliveries)
        outcomes = [(e, project(e, StatsRepository(), RULES.calendar)) for e in deliveries]
        counted = [
            (e.report_id, e.stats and e.stats.after.seq) for e, o in outcomes if o is Projected.COUNTED
        ]
        repeats = sum(o is Projected.REPEAT for _, o in outcomes)
        pool = {"client_id": users.client_id, "issuer": users.env["AUTH_ISSUER"]}
        yield {
            "ids": ids,
            "gen": gen,
            "repeats": repeats,
            "counted": counted,
            "events": len(events),
            "pool": pool,
        }
        auth.reset()
        reset_clients()


def nearest_rank(values: list[int], p: float) -> int:
    ordered = sorted(values)
    return ordered[math.ceil(p * len(ordered)) - 1]


def test_repeated_deliveries_are_counted_once(month: dict[str, Any]) -> None:
    assert len(month["counted"]) == len(set(month["counted"]))  # no commit of a report counted twice
    assert month["repeats"] > 0  # and redeliveries of counted commits were met and refused


def test_rebuild_from_the_reports_table_equals_the_live_projection(month: dict[str, Any]) -> None:
    found, differences = check(ReportTableArchive(), StatsRepository(), RULES.calendar)
    assert len(found.facts) == len(month["ids"])
    assert differences == []
    # And the command's check mode agrees; after a full rebuild it still does.
    assert rebuild_stats.main(["--check"]) == 0
    assert rebuild_stats.main([]) == 0
    assert rebuild_stats.main(["--check"]) == 0


def test_published_figures_agree_with_a_direct_recount(month: dict[str, Any]) -> None:
    status, body = api_call(
        "GET", "/v1/stats", route="/v1/stats", function="stats-api", query=f"period={MONTH}"
    )
    assert status == 200, body
    reports = [r for r in (ReportRepository().get(i) for i in month["ids"]) if r is not None]
    gen: Generator = month["gen"]

    def recount(subset: list[Report]) -> dict[str, Any]:
        answered = [
            r for r in subset if r.id in gen.resolved_at and r.status in (Status.RESOLVED, Status.CLOSED)
        ]
        on_time = [r for r in answered if r.answer_due_at and gen.resolved_at[r.id] <= r.answer_due_at]
        minutes = [int(working_hours_between(r.created_at, gen.resolved_at[r.id]) * 60) for r in answered]
        rated = [gen.ratings[r.id] for r in subset if r.id in gen.ratings]
        return {
            "received": len(subset),
            "resolved": len(answered),
            "closed": sum(r.status is Status.CLOSED for r in subset),
            "rejected": sum(r.status is Status.REJECTED for r in subset),
            "on_time": len(on_time),
            "overdue_now": sum(
                r.status in (Status.ASSIGNED, Status.IN_PROGRESS)
                and any(c.breached_at for c in r.clocks.values())
                for r in subset
            ),
            "answer_hours_median": round(nearest_rank(minutes, 0.5) / 60, 2) if minutes else None,
            "answer_hours_p90": round(nearest_rank(minutes, 0.9) / 60, 2) if minutes else None,
            "rated": len(rated),
            "satisfied_rate": round(sum(s for s, _ in rated) / len(rated), 4) if rated else None,
        }

    def published(row: dict[str, Any]) -> dict[str, Any]:
        return {k: row[k] for k in recount([])}

    assert published(body["province"]) == recount(reports)
    assert {row["id"] for row in body["by_agency"]} == {r.agency_id or "-" for r in reports}
    for row in body["by_agency"]:
        assert published(row) == recount([r for r in reports if (r.agency_id or "-") == row["id"]]), row["id"]
    for row in body["by_category"]:
        assert published(row) == recount([r for r in reports if r.category == row["id"]]), row["id"]
    for row in body["by_area"]:
        subset = [r for r in reports if (r.location.area_code or "-") == row["id"]]
        assert published(row) == recount(subset), row["id"]
    assert body["province"]["overdue_now"] > 0 and body["province"]["resolved"] > 0
    ranks = body["ranking"]
    assert [r["rank"] for r in ranks] == list(range(1, len(ranks) + 1))
    rates = [r["on_time_rate"] or 0 for r in ranks]
    assert rates == sorted(rates, reverse=True)
    # A day is the sum of nothing else: the month's first report day has its own figures.
    day = min(r.created_at.astimezone(TZ).date() for r in reports).isoformat()
    _, by_day = api_call("GET", "/v1/stats", route="/v1/stats", function="stats-api", query=f"period={day}")
    assert by_day["province"]["received"] == sum(
        r.created_at.astimezone(TZ).date().isoformat() == day for r in reports
    )


def test_csv_export_has_a_line_per_figure_row(month: dict[str, Any]) -> None:
    status, text = api_call(
        "GET",
        "/v1/stats",
        route="/v1/stats",
        function="stats-api",
        query=f"period={MONTH}&format=csv",
        text=True,
    )
    assert status == 200
    lines = text.strip().splitlines()
    assert lines[0].startswith("period,dimension,id,name,received,")
    assert lines[1].startswith(f"{MONTH},province,all,,{len(month['ids'])},")
    assert any(",agency,dien-luc,Công ty Điện lực Cà Mau," in line for line in lines)


@pytest.mark.parametrize("query", ["period=2026-13", "period=last-month", "format=xml", "period=" + "9" * 50])
def test_bad_parameters_are_422_in_both_languages(month: dict[str, Any], query: str) -> None:
    status, body = api_call("GET", "/v1/stats", route="/v1/stats", function="stats-api", query=query)
    assert status == 422
    assert body["error"]["message_vi"] and body["error"]["message_en"]


def test_an_empty_period_has_zero_figures_not_an_error(month: dict[str, Any]) -> None:
    status, body = api_call("GET", "/v1/stats", route="/v1/stats", function="stats-api", query="period=2020")
    assert status == 200
    assert body["province"]["received"] == 0 and body["by_agency"] == [] and body["ranking"] == []


def staff_stats(path: str, token: str | None, query: str = "") -> tuple[int, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return api_call("GET", path, route=path, function="stats-api", headers=headers, query=query)


def test_only_leaders_drill_down_to_the_reports(month: dict[str, Any]) -> None:
    pool = month["pool"]
    leader = forged(pool, **{"cognito:groups": ["leader"]})
    operator = forged(pool, **{"cognito:groups": ["operator"]})
    assert staff_stats("/v1/staff/stats/reports", None)[0] == 401
    status, body = staff_stats("/v1/staff/stats/reports", operator, f"month={MONTH}")
    assert status == 403 and body["error"]["code"] == "forbidden"
    status, body = staff_stats("/v1/staff/stats", leader, f"period={MONTH}")
    assert status == 200 and body["province"]["received"] == len(month["ids"])
    status, body = staff_stats(
        "/v1/staff/stats/reports", leader, f"month={MONTH}&agency=dien-luc&figure=overdue_now"
    )
    assert status == 200
    expected = [
        r.id
        for r in (ReportRepository().get(i) for i in month["ids"])
        if r
        and r.agency_id == "dien-luc"
        and r.status in (Status.ASSIGNED, Status.IN_PROGRESS)
        and any(c.breached_at for c in r.clocks.values())
    ]
    assert sorted(row["report_id"] for row in body["reports"]) == sorted(expected)
    assert body["total"] == len(expected)
    assert "reporter" not in json.dumps(body)
    # The same reports per agency, named from the directory: the agency filter leaves that agency alone.
    named = [(row["id"], row["name"]) for row in body["by_agency"]]
    assert named == [("dien-luc", "Công ty Điện lực Cà Mau")]
