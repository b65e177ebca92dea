"""Every test process gets the environment a deployed function would have, before any handler imports.

Handlers read their settings (table names, bus, region) at import, as in Lambda; the physical names are
the ones infra/local/provision.py creates, derived from the topology.
"""

from __future__ import annotations

import os
import re
from collections.abc import Generator, Iterator
from contextlib import ExitStack
from functools import cache
from pathlib import Path

import botocore.loaders
import botocore.session
import pytest

from infra.local.aws_emulator import cheap_transaction_backups, plain_read_answers, plain_stream_records
from infra.local.launch import LocalRun
from infra.local.provision import physical
from infra.topology import TOPOLOGY

REGION = "ap-southeast-1"

os.environ.update(
    AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing",
    AWS_SESSION_TOKEN="testing",
    AWS_REGION=REGION,
    AWS_DEFAULT_REGION=REGION,
    AWS_ACCOUNT_ID_ENDPOINT_MODE="disabled",
    POWERTOOLS_TRACE_DISABLED="true",
    POWERTOOLS_METRICS_NAMESPACE="PhanAnh",
    POWERTOOLS_METRICS_DISABLED="true",
    POWERTOOLS_LOG_LEVEL="WARNING",
    MAIL_FROM="phananh@phananh-demo.vn",
    PUBLIC_API_URL="http://api.test",  # the API's address as the stack or the runner would configure it
)
os.environ.pop("AWS_ENDPOINT_URL", None)  # in-process tests use moto's mock, never a stray endpoint
os.environ.update({t.env: physical(TOPOLOGY, t.name) for t in TOPOLOGY.tables})
os.environ.update({b.env: physical(TOPOLOGY, b.name) for b in TOPOLOGY.buckets})
os.environ[TOPOLOGY.bus_env] = physical(TOPOLOGY, TOPOLOGY.bus_name)


# moto gives every test a new default boto3 session, and each session's loader parses the services' JSON
# models again: about a second per test that builds its clients anew, most of an integration test's set-up.
# The models are the same files for every session of the process, so one loader (and its cache) serves all.
@cache
def _one_loader(search_path_string: str | None = None) -> botocore.loaders.Loader:
    return botocore.loaders.create_loader(search_path_string)


botocore.session.create_loader = _one_loader


@pytest.fixture(scope="session", autouse=True)
def _moto_without_its_slowest_paths() -> Iterator[None]:
    """Three of the local emulator's fixes (infra/local/aws_emulator.py, decision 36) for the in-process
    moto too: DynamoDB reads and stream records written out as the JSON they are instead of through moto's
    serializer (most of a test's time once its table holds a few dozen reports), and transactions that
    back up the items they name instead of deep-copying whole tables. Each answers as moto does
    (tests/integration/test_local_emulator.py); the partition Query fix stays the emulator's, as it relies
    on the emulator's lock."""
    with ExitStack() as patches:
        cheap_transaction_backups(patches)
        plain_read_answers(patches)
        plain_stream_records(patches)
        yield


# A failure against the local system is hard to read from the browser's side alone: what the API answered
# (and any handler that crashed) is in the runner's log, so the report carries its unhappy lines.
UNHAPPY_LINES = 40


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    running = getattr(item, "funcargs", {}).get("local_system")
    if call.when == "call" and report.failed and isinstance(running, LocalRun) and running.log.exists():
        report.sections.append(("runner log: errors and non-2xx answers", _unhappy(running.log)))
    return report


EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exceeded)\b.*")


def _unhappy(log: Path) -> str:
    """The API's non-2xx answers, crashes, warnings and each traceback's last line (its exception)."""
    picked = [
        line
        for line in log.read_text(errors="replace").splitlines()
        if ("[api]" in line and "→ 2" not in line)
        or "crashed" in line
        or '"level":"WARNING"' in line
        or '"level":"ERROR"' in line
        or EXCEPTION_LINE.match(line)
    ]
    return "\n".join(picked[-UNHAPPY_LINES:]) or "(none)"
