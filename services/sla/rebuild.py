"""Recomputes the statistics from the reports table: `python -m services.sla.rebuild [--check]`.

Reads every report item and its timeline with a paginated Scan of the reports table. That is a Scan on
purpose and it is never on a request path: an operator runs it after a fix to the projection, or to
verify it (`--check` compares with the live counters, writes nothing and exits 1 on any difference).
Without `--check` it replaces the stats table's content (fact rows and counters) with the recomputation;
run it with the stats consumer paused (its queue keeps the events meanwhile), or events applied during the
rebuild may be counted twice.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from typing import Any

from services.sla.logic.projection import fact_row
from services.sla.logic.stats_facts import EventState, Fact, fact_of, fold, total
from shared.aws import table
from shared.config import get_settings
from shared.events import ReportEvent
from shared.models import Report
from shared.repository import META
from shared.stats import FACTS, plain

Counters = dict[tuple[str, str], dict[str, int]]


def _scan(table_name: str) -> Iterator[dict[str, Any]]:
    kwargs: dict[str, Any] = {}
    while True:
        page = table(table_name).scan(**kwargs)
        yield from page["Items"]
        if "LastEvaluatedKey" not in page:
            return
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def recompute(reports_table: str | None = None) -> tuple[list[tuple[Fact, EventState, list[str]]], Counters]:
    """Every report's fact (from its item and its events) and the counters they add up to."""
    metas: dict[str, Report] = {}
    events: dict[str, list[ReportEvent]] = {}
    for item in _scan(reports_table or get_settings().reports_table):
        if item["sk"] == META:
            metas[item["pk"]] = Report.model_validate(item)
        elif str(item["sk"]).startswith("EVENT#") and "event" in item:
            events.setdefault(item["pk"], []).append(ReportEvent.model_validate_json(item["event"]))
    facts = []
    for report_id, report in metas.items():
        state = EventState()
        seen = sorted(events.get(report_id, []), key=lambda e: e.occurred_at)
        for event in seen:
            state = fold(state, event)
        facts.append((fact_of(report, state), state, [e.event_id for e in seen]))
    return facts, total([fact for fact, _, _ in facts])


def live(stats_table: str | None = None) -> Counters:
    """The counters as the live projection left them (zeros left out, as the recomputation does)."""
    found: Counters = {}
    for item in _scan(stats_table or get_settings().stats_table):
        if str(item["pk"]).startswith(FACTS):
            continue
        counts = {k: v for k, v in plain(item).items() if k not in ("pk", "sk") and v}
        if counts:
            found[(item["pk"], item["sk"])] = counts
    return found


def differences(expected: Counters, actual: Counters) -> list[str]:
    return [
        f"{pk} {sk}: rebuilt {expected.get((pk, sk), {})} live {actual.get((pk, sk), {})}"
        for pk, sk in sorted(expected.keys() | actual.keys())
        if expected.get((pk, sk), {}) != actual.get((pk, sk), {})
    ]


def replace(
    facts: list[tuple[Fact, EventState, list[str]]], counters: Counters, stats_table: str | None = None
) -> None:
    name = stats_table or get_settings().stats_table
    old = [(item["pk"], item["sk"]) for item in _scan(name)]
    with table(name).batch_writer() as batch:
        for pk, sk in old:
            batch.delete_item(Key={"pk": pk, "sk": sk})
    with table(name).batch_writer() as batch:
        for fact, state, ids in facts:
            batch.put_item(Item=fact_row(fact, state, ids[-50:], 1))
        for (pk, sk), counts in counters.items():
            batch.put_item(Item={"pk": pk, "sk": sk, **counts})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.sla.rebuild", description=__doc__)
    parser.add_argument("--check", action="store_true", help="compare with the live counters; write nothing")
    args = parser.parse_args(argv)
    facts, counters = recompute()
    if args.check:
        diffs = differences(counters, live())
        for line in diffs:
            print(line)
        print(f"{len(facts)} reports, {len(counters)} counter items, {len(diffs)} differences")
        return 1 if diffs else 0
    replace(facts, counters)
    print(f"rebuilt: {len(facts)} reports, {len(counters)} counter items")
    return 0


if __name__ == "__main__":
    sys.exit(main())
