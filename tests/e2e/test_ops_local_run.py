"""`python -m infra.ops` in a second terminal finds `make run` by itself and recovers a dead letter:
listed, shown with the reporter's contact masked, redriven to its queue and consumed there."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from typing import Any

import boto3
import pytest

from tests.e2e.conftest import ROOT, Running

pytestmark = pytest.mark.e2e

PHONE = "0987654321"


def ops(running: Running, *argv: str) -> subprocess.CompletedProcess[str]:
    """The command as an operator runs it: nothing in the environment but where the local run wrote."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "POWERTOOLS_"))}
    env = {k: v for k, v in env.items() if not k.endswith("_TABLE")}
    env["PHANANH_LOCAL_DIR"] = str(running.log.parent)
    return subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "infra.ops", *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def sqs(running: Running) -> Any:
    return boto3.client(
        "sqs",
        endpoint_url=running.outputs["aws_endpoint_url"],
        region_name=running.outputs["region"],
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def depths(running: Running) -> dict[str, int]:
    listed = ops(running, "--json", "dlq", "list")
    assert listed.returncode == 0, listed.stderr
    return {s["name"]: s["depth"] for s in json.loads(listed.stdout)}


def test_a_dead_letter_is_seen_masked_and_redriven(local_system: Running) -> None:
    event = {
        "id": "6c1f8c0e-0000-4000-8000-000000000001",
        "time": "2026-11-30T01:00:00Z",
        "detail-type": "Report.Submitted",
        "source": "phananh.intake",
        "detail": {
            "event_id": "00000000-0000-4000-8000-000000000001",
            "type": "Report.Submitted",
            "source": "phananh.intake",
            "report_id": "PA-2222-3333",
            "actor": "reporter",
            "correlation_id": "c",
            "occurred_at": "2026-11-30T01:00:00+00:00",
            "data": {"reporter": {"name": "Trần Thị Cúc", "phone": PHONE}},
        },
    }
    sqs(local_system).send_message(
        QueueUrl=local_system.outputs["dead_letter_queues"]["notify"], MessageBody=json.dumps(event)
    )
    assert depths(local_system)["notify"] == 1

    shown = ops(local_system, "dlq", "show", "notify")
    assert shown.returncode == 0, shown.stderr
    assert "PA-2222-3333" in shown.stdout and PHONE not in shown.stdout and "Trần Thị Cúc" not in shown.stdout

    moved = ops(local_system, "dlq", "redrive", "notify")
    assert moved.returncode == 0, moved.stderr
    assert "1 message(s) back on the notify queue" in moved.stdout
    assert "does not implement StartMessageMoveTask" in moved.stdout
    consumed = "[notify] notify-worker ← Report.Submitted PA-2222-3333 ✓"
    deadline = time.monotonic() + 30
    while consumed not in local_system.log.read_text():
        assert time.monotonic() < deadline, local_system.log.read_text()[-2000:]
        time.sleep(0.5)
    assert depths(local_system)["notify"] == 0


def test_an_unknown_queue_is_refused_without_a_traceback(local_system: Running) -> None:
    refused = ops(local_system, "dlq", "redrive", "nosuch")
    assert refused.returncode == 2
    assert "Lỗi:" in refused.stderr and "Error:" in refused.stderr and "Traceback" not in refused.stderr
