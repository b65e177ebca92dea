"""Statistics kept by an earlier local run, brought to the layout this code reads (docs/decisions.md 44).

The statistics are a projection of the reports (`services.sla.handlers.rebuild_stats`): when the restored
counters differ from a recomputation — data kept by a version that stored them in another layout, the
case after an upgrade — they are rebuilt before any worker starts, so the dashboard does not show an
empty month until an operator runs the rebuild. Safe with the queues' kept messages: the rebuild marks
every commit in the reports' timelines as counted, so their events are not counted again.
"""

from __future__ import annotations

from collections.abc import Callable

from services.sla.dal.report_archive import ReportTableArchive
from services.sla.dal.settings_source import sla_settings
from services.sla.dal.stats_table import StatsRepository
from services.sla.logic.stats_rebuild import check, rebuild
from shared.sla_policy import policy_from


def bring_up_to_date(log: Callable[[str], None]) -> int:
    """Rebuilds the statistics if they differ from the reports; how many differences there were."""
    archive, stats = ReportTableArchive(), StatsRepository()
    calendar = policy_from(sla_settings()).calendar
    _, differences = check(archive, stats, calendar)
    if differences:
        found = rebuild(archive, stats, calendar)
        log(
            f"    statistics rebuilt from {len(found.facts)} kept reports "
            f"({len(differences)} figures differed: kept by an earlier layout)"
        )
    return len(differences)
