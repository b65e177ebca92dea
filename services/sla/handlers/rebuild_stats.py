"""An operator's command, not a Lambda: recomputes the statistics from the reports table.
`python -m services.sla.handlers.rebuild_stats [--check]`; `--help` tells when and how."""

from __future__ import annotations

import argparse
import sys

from services.sla.dal.report_archive import ReportTableArchive
from services.sla.dal.settings_source import sla_settings
from services.sla.dal.stats_table import StatsRepository
from services.sla.logic.stats_rebuild import check, rebuild
from shared.local_run import use_local_run
from shared.sla_policy import policy_from

DESCRIPTION = """Recomputes the statistics from the reports table.

Reads every report item and its timeline with a paginated Scan of the reports table. That is a Scan on
purpose and it is never on a request path: an operator runs it after a fix to the projection, or to
verify it (--check compares with the live counters, writes nothing and exits 1 on any difference).
With no endpoint or table names in the environment it works on the local run (`make run`), found from
$PHANANH_LOCAL_DIR/outputs.json (default .local/).

Without --check it replaces the stats table's content (fact rows and counters) with the recomputation;
run it with the stats consumer paused (its queue keeps the events meanwhile), or events applied during
the rebuild may be counted twice.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m services.sla.handlers.rebuild_stats",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--check", action="store_true", help="compare with the live counters; write nothing")
    args = parser.parse_args(argv)
    use_local_run()  # no endpoint or table named: the local run's, or a message saying there is none
    archive, stats = ReportTableArchive(), StatsRepository()
    calendar = policy_from(sla_settings()).calendar
    if args.check:
        found, diffs = check(archive, stats, calendar)
        for line in diffs:
            print(line)
        print(f"{len(found.facts)} reports, {len(found.counters)} counter items, {len(diffs)} differences")
        return 1 if diffs else 0
    found = rebuild(archive, stats, calendar)
    print(f"rebuilt: {len(found.facts)} reports, {len(found.counters)} counter items")
    return 0


if __name__ == "__main__":
    sys.exit(main())
