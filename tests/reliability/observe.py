"""What the local run did, read from the outside: the emulator's tables and queues, the local inbox (SES and
SNS as the emulator kept them), the demo agency's webhook receiver, and the operators' stats check."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
import requests

from infra.local.launch import ROOT
from infra.topology import TOPOLOGY


def aws(outputs: dict[str, Any], service: str) -> Any:
    return boto3.client(  # type: ignore[call-overload]
        service,
        endpoint_url=outputs["aws_endpoint_url"],
        region_name=outputs["region"],
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


@dataclass
class Timeline:
    """A report's stored state and its events, by type."""

    status: str = ""
    agency_id: str | None = None
    events: Counter[str] = field(default_factory=Counter)
    event_ids: Counter[str] = field(default_factory=Counter)


def reports(outputs: dict[str, Any]) -> dict[str, Timeline]:
    """Every report in the reports table with its timeline (a Scan: a test's view, never a request's)."""
    found: dict[str, Timeline] = defaultdict(Timeline)
    pages = aws(outputs, "dynamodb").get_paginator("scan").paginate(TableName=outputs["tables"]["reports"])
    for page in pages:
        for item in page["Items"]:
            pk, sk = item["pk"]["S"], item["sk"]["S"]
            if sk == "META":
                found[pk].status = item["status"]["S"]
                found[pk].agency_id = item.get("agency_id", {}).get("S")
            elif sk.startswith("EVENT#"):
                found[pk].events[item["type"]["S"]] += 1
                found[pk].event_ids[sk.rsplit("#", 1)[1]] += 1
    return dict(found)


def queue_depths(outputs: dict[str, Any]) -> dict[str, int]:
    sqs = aws(outputs, "sqs")
    depths = {}
    for name, url in outputs["queues"].items():
        attributes = sqs.get_queue_attributes(
            QueueUrl=url,
            AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        )["Attributes"]
        depths[name] = sum(int(v) for v in attributes.values())
    return depths


def settle(outputs: dict[str, Any], seconds: float, quiet_checks: int = 3) -> float:
    """Waits until every queue is empty, `quiet_checks` times in a row (the outbox pipe relays a commit
    within a fraction of a second; what it gives up on is a dead letter); the seconds it took.
    AssertionError with what is left when that does not happen in time."""
    started = time.monotonic()
    quiet = 0
    while quiet < quiet_checks:
        if time.monotonic() - started > seconds:
            left = {k: v for k, v in queue_depths(outputs).items() if v}
            raise AssertionError(f"not settled in {seconds} s: queues {left}")
        busy = any(queue_depths(outputs).values())
        quiet = 0 if busy else quiet + 1
        time.sleep(1)
    return time.monotonic() - started


def dead_letters(outputs: dict[str, Any]) -> dict[str, list[str]]:
    """The body of every message in every dead-letter queue, by queue (received, then made visible)."""
    sqs = aws(outputs, "sqs")
    found: dict[str, list[str]] = {}
    for name, url in outputs["dead_letter_queues"].items():
        bodies: dict[str, str] = {}
        for _ in range(20):
            batch = sqs.receive_message(
                QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0, VisibilityTimeout=30
            ).get("Messages", [])
            if not batch:
                break
            bodies.update({m["MessageId"]: m["Body"] for m in batch})
        if bodies:
            found[name] = list(bodies.values())
    return found


def inbox(outputs: dict[str, Any]) -> list[dict[str, Any]]:
    """Every email (SES) and SMS (SNS) the emulator accepted."""
    return list(requests.get(f"{outputs['inbox_url']}?format=json", timeout=30).json())


def webhooks(outputs: dict[str, Any]) -> list[dict[str, Any]]:
    """What the demo agency's receiver got, each webhook-id once (it deduplicates, as receivers must)."""
    return list(requests.get(outputs["demo_webhook_url"], timeout=30).json())


def webhook_deliveries(outputs: dict[str, Any]) -> list[dict[str, Any]]:
    """Every webhook delivery item (one per event and endpoint): its state, attempts and next attempt."""
    table = outputs["tables"]["deliveries"]
    found = []
    for page in aws(outputs, "dynamodb").get_paginator("scan").paginate(TableName=table):
        for item in page["Items"]:
            if item["sk"]["S"] == "STATE" and item["pk"]["S"].startswith("WEBHOOK#"):
                found.append({k: next(iter(v.values())) for k, v in item.items()})
    return found


def stats_check(out_dir: Path) -> subprocess.CompletedProcess[str]:
    """The operators' recount of the statistics against the live counters, as a person runs it in a
    second terminal: with nothing set but where the local run writes its outputs."""
    named = {t.env for t in TOPOLOGY.tables} | {b.env for b in TOPOLOGY.buckets} | {TOPOLOGY.bus_env}
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "POWERTOOLS_")) and k not in named
    }
    env["PHANANH_LOCAL_DIR"] = str(out_dir)
    return subprocess.run(
        [sys.executable, "-m", "services.sla.handlers.rebuild_stats", "--check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def fault_summary(out_dir: Path) -> dict[str, Any]:
    """What the runner injected (it writes faults.json when it stops)."""
    return dict(json.loads((out_dir / "faults.json").read_text()))
