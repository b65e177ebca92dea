"""The local runner under injected faults and redelivery, one scenario per session (a few minutes): the
tests in this folder each assert one promise on what it left behind.

Settings (environment): RELIABILITY_REPORTS (default 200, the issue's size: 3 to 6 minutes on a 2-vCPU
machine, docs/local-run.md), RELIABILITY_SEED (default 17; the workload's and FAULTS_SEED),
RELIABILITY_DIR (keep the runner's log and outputs there; default a temporary folder).
`make test` and `make reliability` use the defaults; `make bench` runs them with another seed (29).
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from infra.local import launch
from tests.reliability import observe, workload

# Every AWS operation the handlers call: 20% of the calls fail before reaching the emulator (the clients'
# own retries then see AWS throttling and 5xx, as in the cloud); writes also fail 5% after taking effect.
READS = {
    "dynamodb": ("GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems"),
    "s3": ("GetObject", "HeadObject"),
    "cognito-idp": ("AdminListGroupsForUser", "ListUsers", "AdminGetUser"),
    "secretsmanager": ("GetSecretValue",),
}
WRITES = {
    "dynamodb": ("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem"),
    "events": ("PutEvents",),
    "ses": ("SendEmail", "SendRawEmail"),
    "sns": ("Publish",),
    "s3": ("PutObject", "DeleteObject", "CopyObject"),
    "sqs": ("SendMessage",),
    "cognito-idp": ("CreateGroup", "AdminAddUserToGroup"),
    "secretsmanager": ("PutSecretValue",),
}
BEFORE, AFTER = 0.2, 0.05
# Several invocations of each worker at once, as the cloud's event source mappings run them: duplicates then
# meet in flight, not only one after another.
CONCURRENCY = 4
REPORTS = 200  # the burst; RELIABILITY_REPORTS=50 for a quick look
_RUNS: list[Run] = []  # the session's run, for the summary at the end


def fault_spec() -> str:
    before = [f"{s}.{op}={BEFORE}" for table in (READS, WRITES) for s, ops in table.items() for op in ops]
    after = [f"{s}.{op}={AFTER}:after" for s, ops in WRITES.items() for op in ops]
    return ",".join(before + after)


def covered() -> set[str]:
    return {f"{s}.{op}" for table in (READS, WRITES) for s, ops in table.items() for op in ops}


@dataclass
class Run:
    outputs: dict[str, Any]
    out_dir: Path
    outcome: workload.Outcome
    reports: dict[str, observe.Timeline]
    messages: list[dict[str, Any]]
    webhooks: list[dict[str, Any]]
    deliveries: list[dict[str, Any]]
    dead_letters: dict[str, list[str]]
    stats_exit: int
    stats_output: str
    faults: dict[str, Any]
    seconds: dict[str, float]


def scenario(out_dir: Path, count: int, seed: int) -> Run:
    """The whole run: start under faults, file, settle, case work, settle, look, stop."""
    seconds: dict[str, float] = {}
    started = time.monotonic()
    running = launch.start(
        out_dir,
        SWEEP_SECONDS="2",
        FAULTS=fault_spec(),
        FAULTS_SEED=str(seed),
        REDELIVER="3",
        FRESH="1",
        LOCAL_CONCURRENCY=str(CONCURRENCY),
    )
    try:
        outputs = running.outputs
        workload.poison(outputs)
        outcome = workload.file_reports(outputs, count, seed)
        seconds["submit"] = time.monotonic() - started
        seconds["case work"] = workload.casework(outputs, outcome, share=4)
        seconds["settle"] = observe.settle(outputs, seconds=240)
        stats = observe.stats_check(out_dir)
        run = Run(
            outputs,
            out_dir,
            outcome,
            observe.reports(outputs),
            observe.inbox(outputs),
            observe.webhooks(outputs),
            observe.webhook_deliveries(outputs),
            observe.dead_letters(outputs),
            stats.returncode,
            stats.stdout + stats.stderr,
            {},
            seconds,
        )
    finally:
        running.stop()
    run.faults = observe.fault_summary(out_dir)
    seconds["total"] = time.monotonic() - started
    return run


@pytest.fixture(scope="session")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    count = int(os.environ.get("RELIABILITY_REPORTS", str(REPORTS)))
    seed = int(os.environ.get("RELIABILITY_SEED", "17"))
    keep = os.environ.get("RELIABILITY_DIR")  # where to keep the runner's log and outputs, to look later
    out_dir = Path(keep) if keep else tmp_path_factory.mktemp("reliability")
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        done = scenario(out_dir, count, seed)
        _RUNS.append(done)
        yield done
    except AssertionError as error:
        log = (out_dir / "runner.log").read_text()[-4000:] if (out_dir / "runner.log").exists() else ""
        pytest.fail(f"{error}\n--- the runner's log (end) ---\n{log}")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The figures the suite measured, for the issue and the bench: time, counts, the SES boundary."""
    for run in _RUNS:
        terminalreporter.write_line(summary(run))


def summary(run: Run) -> str:
    copies = Counter((m["to"][0], m["subject"], m["body"]) for m in run.messages)
    repeats = sum(n - 1 for n in copies.values())
    injected = run.faults["injected"]
    statuses = Counter(t.status for t in run.reports.values())
    seen = run.outcome.seen
    return "\n".join(
        [
            "reliability run: " + ", ".join(f"{what} {secs:.0f} s" for what, secs in run.seconds.items()),
            f"  reports {len(run.reports)} ({dict(statuses)}), published {len(run.outcome.published)}, "
            f"messages {len(run.messages)}, webhooks {len(run.webhooks)} received "
            f"({dict(Counter(d['state'] for d in run.deliveries))} delivery items)",
            f"  client: {seen.server_errors} 5xx answers and {seen.connection_errors} connection errors "
            f"retried, {len(seen.gave_up)} given up; statuses {dict(seen.statuses)}",
            f"  faults injected: {sum(injected.values())} of {sum(run.faults['calls'].values())} calls "
            f"(seed {run.faults['seed']})",
            f"  SES boundary: {repeats} repeated messages, after {injected.get('ses.SendEmail after', 0)} "
            f"SendEmail and {injected.get('sns.Publish after', 0)} Publish faults after the send",
        ]
    )
