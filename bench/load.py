"""Load on the local run: 1,000 reports from 20 concurrent clients to `make run`'s process over HTTP.

Bounded: a fixed count, a deadline for sending and one for draining, and only 127.0.0.1 (the runner
listens on loopback only; the sender refuses any other address). Figures, not tests: nothing asserts.
The time to the agency's email is the runner's inbox stamp (it looks twice a second) minus the POST's
start, so it is accurate to about half a second.
"""

from __future__ import annotations

import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import boto3
import requests

from bench.table import render
from infra.local import launch

REPORTS = 1000
CLIENTS = 20
SEND_DEADLINE_S = 600
DRAIN_DEADLINE_S = 300
DRAIN_POLL_S = 5
NEW_REPORT = re.compile(r"Phản ánh mới (\S+)")  # the agency email's subject (notify's agency_assigned)
OTHER_SEED = 29  # the reliability suite's run in the bench: another seed than make test's 17
RELIABILITY_REPORTS = 200  # the reliability run in the bench: the size, as in make test
BODY: dict[str, Any] = {
    "description": "Đèn đường hỏng cả tuần nay, đoạn trước chợ tối om",
    "category": "dien",
    "location": {"lat": 9.1769, "lon": 105.1524, "address": "Đường Trần Hưng Đạo"},
    "reporter": {"name": "Nguyễn Văn A", "email": "dan@example.vn"},
}


@dataclass
class Load:
    sent: int = 0
    server_errors: int = 0
    other_failures: int = 0
    post_ms: list[float] = field(default_factory=list)
    posted_at: dict[str, datetime] = field(default_factory=dict)  # report id → when its POST started
    to_email_s: list[float] = field(default_factory=list)
    unrouted: int = 0
    seconds: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)


def _loopback(url: str) -> str:
    if urlsplit(url).hostname != "127.0.0.1":
        raise SystemExit(f"the load bench talks to 127.0.0.1 only, not {url}")
    return url


def _body(n: int) -> dict[str, Any]:
    """Reports spread over a few hundred metres and worded apart, as a city's are (one spot and one text
    would make every report a duplicate hint of all the others)."""
    rng = random.Random(n)  # spreading test data, not a secret
    location = {**BODY["location"], "lat": 9.1769 + rng.uniform(-0.002, 0.002)}
    location["lon"] = 105.1524 + rng.uniform(-0.002, 0.002)
    return {**BODY, "description": f"{BODY['description']} (cột số {n})", "location": location}


def _post(api: str, load: Load, n: int, deadline: float) -> None:
    if time.monotonic() > deadline:
        return
    started_at, started = datetime.now(UTC), time.perf_counter()
    try:
        response = requests.post(
            f"{api}/v1/reports", json=_body(n), headers={"Idempotency-Key": str(uuid.uuid4())}, timeout=60
        )
    except requests.RequestException:
        with load._lock:
            load.other_failures += 1
        return
    elapsed = (time.perf_counter() - started) * 1000
    with load._lock:
        load.sent += 1
        load.post_ms.append(elapsed)
        if response.status_code >= 500:
            load.server_errors += 1
        elif response.status_code == 201:
            load.posted_at[response.json()["id"]] = started_at
        else:
            load.other_failures += 1


def _statuses(outputs: dict[str, Any]) -> dict[str, str]:
    ddb = boto3.client(
        "dynamodb",
        endpoint_url=_loopback(outputs["aws_endpoint_url"]),
        region_name=outputs["region"],
        aws_access_key_id="testing",
        aws_secret_access_key="testing",  # noqa: S106 - the emulator's fixed dummy credentials
    )
    found = {}
    for page in ddb.get_paginator("scan").paginate(
        TableName=outputs["tables"]["reports"],
        FilterExpression="sk = :meta",
        ExpressionAttributeValues={":meta": {"S": "META"}},
    ):
        found.update({i["pk"]["S"]: i["status"]["S"] for i in page["Items"]})
    return found


def _agency_emails(outputs: dict[str, Any], load: Load) -> dict[str, datetime]:
    """When each report's first agency email was accepted (the runner's inbox stamps)."""
    inbox = requests.get(f"{_loopback(outputs['inbox_url'])}?format=json", timeout=60).json()
    first: dict[str, datetime] = {}
    for message in inbox:
        found = NEW_REPORT.search(message["subject"])
        if found and found.group(1) in load.posted_at:
            at = datetime.fromisoformat(message["at"])
            first[found.group(1)] = min(at, first.get(found.group(1), at))
    return first


def _drain(outputs: dict[str, Any], load: Load) -> None:
    """Until every report's agency email went out, then whether any is still unrouted. The inbox is the
    runner's memory; the statuses take a Scan of the reports table, which loads the emulator the workers
    share, so only once the emails are all there (or the deadline passed)."""
    deadline = time.monotonic() + DRAIN_DEADLINE_S
    while time.monotonic() < deadline and len(_agency_emails(outputs, load)) < len(load.posted_at):
        time.sleep(DRAIN_POLL_S)
    while True:
        statuses = _statuses(outputs)
        load.unrouted = sum(1 for r in load.posted_at if statuses.get(r, "received") == "received")
        if not load.unrouted or time.monotonic() >= deadline:
            return
        time.sleep(DRAIN_POLL_S)


def measure(reports: int = REPORTS, clients: int = CLIENTS) -> Load:
    load = Load()
    with tempfile.TemporaryDirectory(prefix="phananh-load-") as folder:
        running = launch.start(Path(folder), SWEEP_SECONDS="5", FRESH="1")
        try:
            api = _loopback(running.outputs["api_url"])
            started = time.monotonic()
            deadline = started + SEND_DEADLINE_S
            with ThreadPoolExecutor(clients) as pool:
                list(pool.map(lambda n: _post(api, load, n, deadline), range(reports)))
            _drain(running.outputs, load)
            load.seconds = time.monotonic() - started
            emails = _agency_emails(running.outputs, load)
            load.to_email_s = [
                (emails[r] - at).total_seconds() for r, at in load.posted_at.items() if r in emails
            ]
        finally:
            running.stop()
    return load


def _percentile(values: list[float], share: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(share * 100) - 1]


def table(load: Load) -> str:
    rows = [
        [
            "reports sent",
            f"{load.sent:,} of {REPORTS:,}",
            f"{load.seconds:.0f} s in all, {CLIENTS} clients; sending stops after {SEND_DEADLINE_S} s",
        ],
        ["5xx answers", str(load.server_errors), "goal 0"],
        ["other failures", str(load.other_failures), "4xx or no answer"],
        [
            "POST p50 / p99",
            f"{_percentile(load.post_ms, 0.5):.0f} / {_percentile(load.post_ms, 0.99):.0f} ms",
            "",
        ],
        [
            "POST → agency email p50 / p99",
            f"{_percentile(load.to_email_s, 0.5):.1f} / {_percentile(load.to_email_s, 0.99):.1f} s",
            f"{len(load.to_email_s):,} emails seen",
        ],
        ["still unrouted after the run", str(load.unrouted), "goal 0"],
    ]
    return render(["", "value", "note"], rows)


def summary(load: Load) -> dict[str, Any]:
    """The figures as data: `python -m bench --json`'s load keys."""
    return {
        "load_reports_sent": load.sent,
        "load_server_errors": load.server_errors,
        "load_post_p50_ms": round(_percentile(load.post_ms, 0.5), 1),
        "load_post_p99_ms": round(_percentile(load.post_ms, 0.99), 1),
        "load_to_email_p50_s": round(_percentile(load.to_email_s, 0.5), 2),
        "load_to_email_p99_s": round(_percentile(load.to_email_s, 0.99), 2),
        "load_unrouted": load.unrouted,
        "load_seconds": round(load.seconds, 1),
    }


def reliability_run(seed: int = OTHER_SEED, reports: int = RELIABILITY_REPORTS) -> str:
    """The reliability suite (tests/reliability) once more, with another seed and the issue's 200 reports
    (`make test` files 50 to stay within its time): its summary lines."""
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/reliability"],
        cwd=launch.ROOT,
        env={**_plain_env(), "RELIABILITY_SEED": str(seed), "RELIABILITY_REPORTS": str(reports)},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    lines = done.stdout.splitlines()
    keep = [line for line in lines if line.startswith(("reliability run", "  ")) or " passed" in line]
    return "\n".join(keep or lines[-20:])


def _plain_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "POWERTOOLS_"))}


def section(say: Any, reliability: bool = True) -> dict[str, Any]:
    """`make bench`'s section 7: the load, then the reliability suite with another seed; the load's
    figures as data."""
    say(f"7. Load — {REPORTS:,} reports from {CLIENTS} concurrent clients to make run's API (127.0.0.1)")
    load = measure()
    say(table(load))
    say()
    if reliability:
        say(f"   Reliability suite under FAULTS and REDELIVER=3, seed {OTHER_SEED} (make test runs seed 17)")
        say(reliability_run())
        say()
    return summary(load)
