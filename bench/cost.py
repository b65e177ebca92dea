"""`python -m bench.cost`: US dollars per million reports on AWS in ap-southeast-1, one line per priced item.

The quantities are measured on one report's whole life (bench/life.py: the calls, the DynamoDB units,
the invocations and their durations, the log bytes, the photo bytes); the prices come from the dated
table in bench/data/. What is not measured is an assumption named below and printed with the figures.
SES and SMS fees are shown apart and left out of the total the goal is about.
"""

from __future__ import annotations

import json
import math
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.aws_calls import PLUMBING
from bench.life import LifeCost
from bench.pipe import enrichment_memory
from bench.table import render
from infra.topology import TOPOLOGY

PRICES = Path(__file__).parent / "data" / "aws_prices_ap-southeast-1.json"
GOAL_USD = 25.0
MILLION = 1_000_000
GB = 1024**3
API_FUNCTIONS = ("intake-api", "staff-api")  # the functions behind API Gateway in the life
FULL_CPU_MB = 1769  # Lambda gives a function one full vCPU at this memory size, a share below it
# Assumptions: not measured by the life, printed with the figures.
MONTHS_KEPT = 12  # photos are kept a year
# The photo bucket's lifecycle moves public/ copies above 128 KB (the full photos, not the thumbnails) to
# Standard-IA after 30 days (infra/constructs/storage.py): IA bills any object as at least 128 KB.
IA_AFTER_MONTHS = 1
IA_MIN_BYTES = 128 * 1024
UPLOAD_MONTHS = (
    2 / 30
)  # the bucket's lifecycle rule expires uploads/ after 2 days (infra/constructs/storage.py)
PAGE_VIEWS = 3  # times a report's page is loaded through CloudFront: submitted, answered, rated
# The track page shows thumbnails (web/src/pages/Track.tsx) and links to the full photo: opened once.
FULL_PHOTO_VIEWS = 1
WEB_APP_BYTES = 120 * 1024  # the web app's first page, gzipped, loaded once per report (bench section 6)
COLD_SHARE = 0.01  # one invocation in a hundred starts a container (init is billed since August 2025)
INIT_SECONDS = 0.35  # a handler's cold import with tracing on, when section 1 has not measured it
PLATFORM_LOG_BYTES = 350  # Lambda's START, END and REPORT lines per invocation
REPORTS_PER_MONTH = MILLION  # X-Ray's default sampling depends on the rate: 1 request a second + 5 %


@dataclass(frozen=True)
class Design:
    name: str
    api: str = "rest"  # "rest": REST API with WAF on it (today) | "http": HTTP API
    waf: bool = True  # an HTTP API cannot carry a web ACL: WAF then sits on CloudFront in front of it
    memory_mb: int | None = None  # one size for every function; None = the topology's sizes
    photos: int = 1
    keys_only_indexes: bool = False
    photos_to_ia: bool = True  # the photo bucket's lifecycle rule to Standard-IA after 30 days


TODAY = Design("today: REST API + WAF, topology memory (512 MB, photos 1024 MB), 1 photo")
ALTERNATIVES = (
    Design("HTTP API, WAF on CloudFront", api="http"),
    Design("HTTP API, no WAF", api="http", waf=False),
    Design("every function 256 MB", memory_mb=256),
    Design("every function 1024 MB", memory_mb=1024),
    Design("no photo", photos=0),
    Design("3 photos", photos=3),
    Design("photos stay in S3 Standard (no Standard-IA rule)", photos_to_ia=False),
    Design("indexes project keys only", keys_only_indexes=True),
    Design("HTTP API + WAF on CloudFront + keys-only indexes", api="http", keys_only_indexes=True),
)


@dataclass
class Line:
    item: str
    quantity: float  # per report
    unit: str
    usd_per_million: float


def prices() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(PRICES.read_text())
    return loaded


def _memory(design: Design, function: str) -> int:
    # A pipe's enrichment keeps its own size: it is no handler of ours to tune.
    return enrichment_memory(function) or design.memory_mb or TOPOLOGY.function(function).memory_mb


def _billed_seconds(design: Design, function: str, own: float, waiting: float) -> float:
    """Own (CPU) time stretched by the share of a vCPU the memory size buys; waiting on AWS is not."""
    stretch = max(1.0, FULL_CPU_MB / _memory(design, function))
    return math.ceil((own * stretch + waiting) * 1000) / 1000  # billed per started millisecond


def _photo_share(life: LifeCost, design: Design, function: str) -> float:
    """How many times the photo worker's work is done: it scales with the photo count."""
    return design.photos if function == "photo-worker" else 1.0


def lambda_lines(life: LifeCost, design: Design, p: dict[str, float], init_s: float) -> list[Line]:
    invocations = [i for i in life.invocations if i.function != "photo-worker" or design.photos]
    gb_s = sum(
        _memory(design, i.function)
        / 1024
        * _billed_seconds(design, i.function, i.seconds - i.seconds_in_calls, i.seconds_in_calls)
        * _photo_share(life, design, i.function)
        for i in invocations
    )
    init_gb_s = sum(COLD_SHARE * init_s * _memory(design, i.function) / 1024 for i in invocations)
    per_gb_s = p["lambda_arm64_per_gb_second"]
    return [
        Line(
            "Lambda requests",
            len(invocations),
            "invocations",
            len(invocations) * p["lambda_per_million_requests"],
        ),
        Line("Lambda compute (arm64)", gb_s, "GB-s", gb_s * per_gb_s * MILLION),
        Line(
            f"Lambda init ({COLD_SHARE:.0%} cold starts)", init_gb_s, "GB-s", init_gb_s * per_gb_s * MILLION
        ),
    ]


def api_lines(life: LifeCost, design: Design, p: dict[str, float]) -> list[Line]:
    requests = sum(1 for i in life.invocations if i.function in API_FUNCTIONS)
    price = p[
        "api_gateway_rest_per_million_requests"
        if design.api == "rest"
        else "api_gateway_http_per_million_requests"
    ]
    lines = [Line(f"API Gateway ({design.api.upper()} API)", requests, "requests", requests * price)]
    if design.waf:
        lines.append(Line("WAF", requests, "requests", requests * p["waf_per_million_requests"]))
    if design.waf and design.api == "http":
        cost = requests * p["cloudfront_asia_per_10k_https_requests"] * 100
        lines.append(Line("CloudFront in front of the HTTP API (for WAF)", requests, "requests", cost))
    return lines


def queue_lines(life: LifeCost, p: dict[str, float]) -> list[Line]:
    plumbing = sum(n for call, n in life.calls.items() if call.caller == PLUMBING)
    ours = sum(n for call, n in life.calls.items() if call.caller != PLUMBING and call.service == "sqs")
    sqs = plumbing + ours + life.units.sqs_messages  # EventBridge's SendMessage is billed to the queue
    return [
        Line(
            "EventBridge custom events (the outbox pipe's included)",
            life.units.events,
            "events",
            life.units.events * p["eventbridge_per_million_custom_events"],
        ),
        Line(
            "EventBridge Pipes requests (the report outbox, after its filter)",
            life.units.pipe_events,
            "requests",
            life.units.pipe_events * p["eventbridge_pipes_per_million_requests"],
        ),
        Line(
            "SQS requests (EventBridge sends, Lambda polls and deletes)",
            sqs,
            "requests",
            sqs * p["sqs_standard_per_million_requests"],
        ),
    ]


def dynamodb_lines(life: LifeCost, design: Design, p: dict[str, float]) -> list[Line]:
    wru = life.units.wru_keys_only if design.keys_only_indexes else life.units.wru
    rru = life.units.rru
    return [
        Line(
            "DynamoDB writes (on-demand, indexes included)",
            wru,
            "WRU",
            wru * p["dynamodb_on_demand_per_million_write_units"],
        ),
        Line("DynamoDB reads (on-demand)", rru, "RRU", rru * p["dynamodb_on_demand_per_million_read_units"]),
    ]


def _s3_ops(calls: Counter[Any], *operations: str) -> int:
    return sum(n for call, n in calls.items() if call.service == "s3" and call.operation in operations)


def _photo_storage(life: LifeCost, design: Design, p: dict[str, float]) -> tuple[float, float, int]:
    """GB-months stored, their price, and the lifecycle transitions, for one photo."""
    thumbs = life.photo_thumb_bytes
    full = life.photo_stored_bytes - thumbs
    standard = thumbs * MONTHS_KEPT + life.photo_upload_bytes * UPLOAD_MONTHS
    moved = design.photos_to_ia and full >= IA_MIN_BYTES
    if not moved:
        gb_months = (standard + full * MONTHS_KEPT) / GB
        return gb_months, gb_months * p["s3_standard_per_gb_month"], 0
    ia_months = MONTHS_KEPT - IA_AFTER_MONTHS
    standard += full * IA_AFTER_MONTHS
    usd = (
        standard * p["s3_standard_per_gb_month"] + full * ia_months * p["s3_standard_ia_per_gb_month"]
    ) / GB
    return (standard + full * ia_months) / GB, usd, 1


def _s3_request_lines(life: LifeCost, design: Design, p: dict[str, float]) -> list[Line]:
    n = design.photos
    public_objects = max(_s3_ops(life.calls, "put_object", "copy_object"), 1)
    puts = n * (
        1 + _s3_ops(life.calls, "put_object", "copy_object", "list_objects_v2")
    )  # the browser's upload too
    gets = n * (_s3_ops(life.calls, "get_object", "head_object") + public_objects)  # CloudFront's first fetch
    return [
        Line(
            "S3 PUT/POST requests", puts, "requests", puts * p["s3_standard_per_thousand_put_requests"] * 1000
        ),
        Line(
            "S3 GET/HEAD requests", gets, "requests", gets * p["s3_standard_per_thousand_get_requests"] * 1000
        ),
    ]


def photo_lines(life: LifeCost, design: Design, p: dict[str, float]) -> list[Line]:
    n = design.photos
    thumbs = life.photo_thumb_bytes
    full = life.photo_stored_bytes - thumbs
    gb_months, storage_usd, transitions = _photo_storage(life, design, p)
    cf_requests = n * (PAGE_VIEWS + FULL_PHOTO_VIEWS) + 1
    cf_gb = (n * (PAGE_VIEWS * thumbs + FULL_PHOTO_VIEWS * full) + WEB_APP_BYTES) / GB
    return [
        *_s3_request_lines(life, design, p),
        Line(
            f"S3 storage of photos ({MONTHS_KEPT} months)",
            n * gb_months,
            "GB-months",
            n * storage_usd * MILLION,
        ),
        Line(
            "S3 lifecycle transitions to Standard-IA",
            n * transitions,
            "requests",
            n * transitions * p["s3_lifecycle_transitions_per_thousand_requests"] * 1000,
        ),
        Line(
            "CloudFront requests (web app, photos)",
            cf_requests,
            "requests",
            cf_requests * p["cloudfront_asia_per_10k_https_requests"] * 100,
        ),
        Line(
            "CloudFront data out (web app, photos)",
            cf_gb,
            "GB",
            cf_gb * p["cloudfront_asia_per_gb_out"] * MILLION,
        ),
    ]


def _sampled_share(requests_per_report: int) -> float:
    """X-Ray's default rule: the first request each second, then 5 %; the API request roots each trace."""
    rate = REPORTS_PER_MONTH * requests_per_report / (30 * 24 * 3600)
    return (min(rate, 1.0) + 0.05 * max(rate - 1.0, 0.0)) / rate if rate else 0.0


def observability_lines(life: LifeCost, p: dict[str, float]) -> list[Line]:
    requests = sum(1 for i in life.invocations if i.function in API_FUNCTIONS)
    traces = requests * _sampled_share(requests)
    log_gb = (life.log_bytes + PLATFORM_LOG_BYTES * len(life.invocations)) / GB
    return [
        Line(
            "X-Ray traces recorded (default sampling)",
            traces,
            "traces",
            traces * p["xray_per_million_traces_recorded"],
        ),
        Line(
            "CloudWatch Logs ingested", log_gb, "GB", log_gb * p["cloudwatch_logs_per_gb_ingested"] * MILLION
        ),
    ]


def lines(life: LifeCost, design: Design = TODAY, init_s: float = INIT_SECONDS) -> list[Line]:
    p = prices()["prices"]
    return [
        *api_lines(life, design, p),
        *lambda_lines(life, design, p, init_s),
        *queue_lines(life, p),
        *dynamodb_lines(life, design, p),
        *photo_lines(life, design, p),
        *observability_lines(life, p),
    ]


def apart(life: LifeCost) -> list[Line]:
    p = prices()["prices"]
    return [
        Line("SES emails (apart)", life.emails, "emails", life.emails * p["ses_per_thousand_emails"] * 1000)
    ]


def total(life: LifeCost, design: Design = TODAY, init_s: float = INIT_SECONDS) -> float:
    return round(sum(line.usd_per_million for line in lines(life, design, init_s)), 2)


def _quantity(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 or value == int(value) else f"{value:.4g}"


def cost_table(life: LifeCost, init_s: float = INIT_SECONDS) -> str:
    priced = lines(life, TODAY, init_s)
    rows = [
        [line.item, _quantity(line.quantity), line.unit, f"{line.usd_per_million:,.2f}"] for line in priced
    ]
    rows.append(["total (SES/SMS excluded)", "", "", f"{sum(line.usd_per_million for line in priced):,.2f}"])
    rows += [
        [line.item, _quantity(line.quantity), line.unit, f"{line.usd_per_million:,.2f}"]
        for line in apart(life)
    ]
    return render(["item", "per report", "unit", "USD per million reports"], rows)


def writes_note(life: LifeCost) -> str:
    """Where the write units go: the table that dominates is where a design change pays."""
    shares = sorted(life.units.by_table.items(), key=lambda kv: -kv[1])
    tables = ", ".join(f"{name} {units:.0f}" for name, units in shares)
    return (
        f"   DynamoDB write units by table: {tables}; {life.units.wru_in_indexes:.0f} of the"
        f" {life.units.wru:.0f} are the indexes' copies."
    )


def alternatives_table(life: LifeCost, init_s: float = INIT_SECONDS) -> str:
    today = total(life, TODAY, init_s)
    rows = [[TODAY.name, f"{today:,.2f}", ""]]
    for design in ALTERNATIVES:
        figure = total(life, design, init_s)
        rows.append([design.name, f"{figure:,.2f}", f"{figure - today:+,.2f}"])
    return render(["design", "USD per million reports", "vs today"], rows)


def assumptions() -> str:
    recorded = prices()
    where = PRICES.relative_to(PRICES.parents[2])
    return "\n".join(
        [
            f"   Prices: {where}, {recorded['region_name']}, list prices recorded {recorded['recorded_on']}"
            " (sources and how in the file).",
            f"   Assumed, not measured: photos kept {MONTHS_KEPT} months (uploads 2 days), full photos in"
            f" Standard-IA after {IA_AFTER_MONTHS} month; each report's page (its thumbnails) loaded"
            f" {PAGE_VIEWS} times,\n   its full photo opened {FULL_PHOTO_VIEWS} time and the web app"
            f" ({WEB_APP_BYTES // 1024} KB gz) once through CloudFront; {COLD_SHARE:.0%} of invocations cold;"
            f" {REPORTS_PER_MONTH:,} reports a month for X-Ray's sampling.",
            "   Lambda time: each invocation's own time measured here, stretched by the vCPU share its"
            f" memory buys (full at {FULL_CPU_MB} MB),\n   plus its measured wait on the emulator's"
            " AWS calls.",
            "   Fixed monthly costs are not per report and left out: WAF web ACL and rules, alarms,"
            " dashboards, Lambda's idle queue polls, Cognito users,\n   the outbox pipe's stream reads"
            " (a few polls a second per shard, whatever the traffic).",
        ]
    )


def measure() -> tuple[LifeCost, Sequence[LifeCost]]:
    """One emulator, two reports to warm every container, then two lives; the second is priced."""
    from bench import emulator, flow, life
    from bench.aws_calls import ApiCalls

    with emulator.running() as aws, ApiCalls().installed() as calls:
        reports = flow.Flow(aws, calls)
        reports.one_report()
        with calls.paused():
            lived = life.Life(aws, calls, reports)
        lives = [lived.one_life(), lived.one_life()]
    return lives[-1], lives


def main() -> int:
    warm, _ = measure()
    print("Cost per million reports over a report's whole life, ap-southeast-1")
    print(cost_table(warm))
    print(writes_note(warm))
    print()
    print("   The design choices it depends on (same measured life):")
    print(alternatives_table(warm))
    print(assumptions())
    return 0


if __name__ == "__main__":
    sys.exit(main())
