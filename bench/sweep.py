"""The SLA sweep with 100 due reports among 1,000 and among 100,000: `python -m bench.sweep`.

Section 4 of `make bench`. In-process moto (`mock_aws`), tables loaded with batch_write_item. Each run puts
the 100 due reports back (overdue, not yet breached) and times one `sweep()`; medians over the runs.

Two emulator costs that DynamoDB does not have are reported, not hidden:
- moto answers a Query on a GSI by walking every item of the table, so the emulator's time in the due
  query grows with the table; DynamoDB reads only the index partition. The figure that tracks DynamoDB's
  cost is "items read" (the Query responses' ScannedCount), printed beside the times.
- moto's transact_write_items deep-copies the whole table once per transaction item (its rollback
  backup). At 100,000 items that alone takes minutes per sweep, so the bench skips that backup (no
  transaction of the bench can fail); every other part of the write runs as usual.
- moto re-measures a whole item for every attribute it stores (its 400 KB check, quadratic in the number
  of attributes): loading 100,000 report items took ~100 s. The bench skips that check while it loads
  (the items are ~1 KB), so `make bench` stays within a few minutes; the sweep itself runs with it.
"""

from __future__ import annotations

import argparse
import copy
import gc
import os
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import boto3
from botocore.config import Config

from bench.aws_calls import ApiCalls
from bench.env import REGION, handler_env
from bench.sink import quiet
from bench.stats import ratio, times
from bench.table import render

if TYPE_CHECKING:
    from shared.models import Report, Status

SIZES = (1_000, 100_000)
DUE = 100
RUNS = 3
BATCH = 25  # batch_write_item's limit


@dataclass
class SweepFigure:
    size: int
    due: int
    load_seconds: float = 0.0
    seconds: list[float] = field(default_factory=list)
    seconds_in_aws: list[float] = field(default_factory=list)
    queries: int = 0
    items_read: int = 0
    breached: int = 0


@contextmanager
def _without_table_backup() -> Iterator[None]:
    import moto.dynamodb.models as models
    from moto.dynamodb.models.table import Table

    class Shim:
        @staticmethod
        def deepcopy(value: Any, memo: Any = None) -> Any:
            return value if isinstance(value, Table) else copy.deepcopy(value, memo)

    original = models.copy
    models.copy = Shim  # type: ignore[assignment]
    try:
        yield
    finally:
        models.copy = original


@contextmanager
def _environment() -> Iterator[None]:
    saved = dict(os.environ)
    os.environ.update(handler_env(REGION))
    os.environ.pop("AWS_ENDPOINT_URL", None)  # in-process moto, whatever ran before in this process
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _items(size: int, due: int, now: datetime) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(the other reports, the due ones) as marshalled report items. 9 in 10 of the others are closed;
    the rest are open with their next SLA step ahead (they sit in the due index, but later)."""
    from shared.models import Status

    base = _base_report(now)
    later = now + timedelta(days=2)
    others = [
        _item(base, n, Status.CLOSED, None, now) if n % 10 else _item(base, n, Status.IN_PROGRESS, later, now)
        for n in range(size - due)
    ]
    overdue = [
        _item(base, n, Status.IN_PROGRESS, now - timedelta(hours=1), now) for n in range(size - due, size)
    ]
    return others, overdue


def _base_report(now: datetime) -> Report:
    """An assigned report about a street light, filed 20 days before `now`: what every item varies."""
    from shared.models import Channel, Location, Report, Status

    created = now - timedelta(days=20)
    return Report(
        id="PA-0000-0000",
        created_at=created,
        updated_at=created,
        channel=Channel.WEB,
        category="dien",
        description="Đèn đường hỏng cả tuần nay",
        location=Location(lat=9.17, lon=105.15),
        status=Status.IN_PROGRESS,
        agency_id="dien-luc",
    )


def _item(
    base: Report, number: int, status: Status, step_at: datetime | None, now: datetime
) -> dict[str, Any]:
    """Report number `number`, with an answer clock (next step at `step_at`) if `step_at` is given."""
    from shared.models import Clock
    from shared.repository import marshal, report_item

    clock = Clock(
        due_at=now - timedelta(hours=1),
        warn_at=now - timedelta(hours=9),
        escalate_at=now + timedelta(days=3),
    )
    report = base.model_copy(
        update={
            "id": f"PA-{number // 10_000:04d}-{number % 10_000:04d}",
            "status": status,
            "clocks": {"answer": clock} if step_at else {},
            "answer_due_at": clock.due_at if step_at else None,
            "sla_next_at": step_at,
        }
    )
    return marshal(report_item(report))


@contextmanager
def _without_item_size_check() -> Iterator[None]:
    from moto.dynamodb.models.dynamo_type import LimitedSizeDict

    original = LimitedSizeDict.__setitem__
    LimitedSizeDict.__setitem__ = dict.__setitem__  # type: ignore[method-assign]
    try:
        yield
    finally:
        LimitedSizeDict.__setitem__ = original  # type: ignore[method-assign]


def _load(ddb: Any, table_name: str, items: list[dict[str, Any]]) -> None:
    with _without_item_size_check():
        _put_all(ddb, table_name, items)


def _put_all(ddb: Any, table_name: str, items: list[dict[str, Any]]) -> None:
    for start in range(0, len(items), BATCH):
        chunk = [{"PutRequest": {"Item": item}} for item in items[start : start + BATCH]]
        while chunk:
            left = ddb.batch_write_item(RequestItems={table_name: chunk}).get("UnprocessedItems", {})
            chunk = left.get(table_name, [])


def measure_one(size: int, due: int = DUE, runs: int = RUNS) -> SweepFigure:
    from moto import mock_aws

    figure = SweepFigure(size=size, due=due)
    with _environment(), mock_aws(), _without_table_backup(), quiet():
        from shared.aws import reset_clients

        table_name, ddb = _provision()
        now = datetime.now(UTC)
        others, overdue = _items(size, due, now)
        started = time.perf_counter()
        _load(ddb, table_name, others)
        figure.load_seconds = time.perf_counter() - started
        # The emulator's items share this process's heap; Lambda's would not hold them. Frozen, the garbage
        # collector stops walking them on every pass, which would otherwise count as our code's time.
        gc.collect()
        gc.freeze()
        read = _count_reads()
        _time_sweeps(figure, table_name, lambda: _load(ddb, table_name, overdue), now, runs, read)
        boto3.DEFAULT_SESSION = None
        reset_clients()
    gc.unfreeze()
    return figure


def _provision() -> tuple[str, Any]:
    """The local tables (in-process moto), and a DynamoDB client to load them: (reports table, client)."""
    from infra.local.provision import provision
    from shared.aws import reset_clients

    session = boto3.Session(region_name=REGION)
    resources = provision(session)
    table_name = resources.env["REPORTS_TABLE"]
    reset_clients()
    # The loader's own requests are well-formed: botocore's client-side validation would only add time.
    ddb = boto3.client("dynamodb", region_name=REGION, config=Config(parameter_validation=False))
    return table_name, ddb


def _count_reads() -> dict[str, int]:
    """Counts, from now on, the DynamoDB Queries of the default session and the items they read."""
    read = {"queries": 0, "items": 0}

    def count(parsed: dict[str, Any], **_: Any) -> None:
        read["queries"] += 1
        read["items"] += int(parsed.get("ScannedCount", 0))

    boto3.DEFAULT_SESSION = None  # the repositories' clients are built afresh, with the hook below
    boto3.setup_default_session(region_name=REGION)
    boto3._get_default_session().events.register("after-call.dynamodb.Query", count)
    return read


def _time_sweeps(
    figure: SweepFigure,
    table_name: str,
    put_back_overdue: Callable[[], None],
    now: datetime,
    runs: int,
    read: dict[str, int],
) -> None:
    """`runs` sweeps, each over the due reports put back first; times, reads and results into `figure`."""
    from services.sla.logic.deadline_sweep import sweep
    from shared.aws import reset_clients
    from shared.repository import ReportRepository

    reset_clients()
    repo = ReportRepository(table_name)
    calls = ApiCalls()
    with calls.installed():
        for _ in range(runs):
            put_back_overdue()  # back to overdue, not yet breached
            read.update(queries=0, items=0)
            calls.seconds_in_calls = 0.0
            with calls.window():
                started = time.perf_counter()
                result = sweep(repo, now=now)
                figure.seconds.append(time.perf_counter() - started)
            figure.seconds_in_aws.append(calls.seconds_in_calls)
            figure.breached = result.breached
            figure.queries, figure.items_read = read["queries"], read["items"]


def measure(sizes: tuple[int, ...] = SIZES, due: int = DUE, runs: int = RUNS) -> list[SweepFigure]:
    return [measure_one(size, due, runs) for size in sizes]


def table(figures: list[SweepFigure]) -> str:
    rows = []
    for f in figures:
        wall = statistics.median(f.seconds)
        ours = statistics.median(s - a for s, a in zip(f.seconds, f.seconds_in_aws, strict=True))
        rows.append(
            [
                f"{f.due} due among {f.size:,}",
                f"{wall * 1000:.0f}",
                f"{ours * 1000:.0f}",
                f"{f.items_read}",
                f"{f.queries}",
                f"{f.breached}",
                f"{f.load_seconds:.1f}",
            ]
        )
    if len(figures) == 2:
        a, b = figures
        rows.append(
            [
                "ratio (second / first)",
                times(ratio(statistics.median(b.seconds), statistics.median(a.seconds))),
                times(
                    ratio(
                        statistics.median(s - x for s, x in zip(b.seconds, b.seconds_in_aws, strict=True)),
                        statistics.median(s - x for s, x in zip(a.seconds, a.seconds_in_aws, strict=True)),
                    )
                ),
                times(ratio(b.items_read, a.items_read)),
                times(ratio(b.queries, a.queries)),
                "",
                "",
            ]
        )
    return render(
        ["sweep", "wall ms", "outside AWS ms", "items read", "queries", "breached", "load s"],
        rows,
    )


NOTE = (
    "   wall = the whole sweep on in-process moto; outside AWS = wall minus the time inside AWS calls (our\n"
    "   code: clocks, models, events); items read = ScannedCount of the Queries, what DynamoDB reads and\n"
    "   bills. moto walks the whole table to answer a GSI Query, so its wall time grows with the table;\n"
    "   DynamoDB's work (items read, queries) and our code's time do not."
)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sweep", description=__doc__)
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    args = parser.parse_args()
    sizes = " and ".join(f"{size:,}" for size in args.sizes)
    print(f"SLA sweep — {DUE} due reports among {sizes}; medians of {args.runs}")
    print(table(measure(tuple(args.sizes), DUE, args.runs)))
    print(NOTE)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
