"""The adapters the SLA service's logic receives: the statistics table and the full reports archive."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from shared.events import ReportEvent
from shared.models import Report

# (pk, sk) of a counter item → its counts, e.g. ("M#2026-11", "agency#dien-luc") → {"received": 3}
Counters = dict[tuple[str, str], dict[str, int]]


class StatsStore(Protocol):
    """Counters per month and dimension, and one fact row per report (pk FACTS#<month>, sk <day>#<report
    id>) with the commits of it counted."""

    def count(self, report_id: str, seq: int, row: dict[str, Any], deltas: Counters) -> bool:
        """Records the report's commit `seq` as counted and ADDs the deltas, and writes the fact row unless a
        newer one (a larger `seq`) is stored, all or nothing. False, writing nothing, when `seq` was counted
        already; Conflict when a concurrent write got in the way (try again)."""
        ...

    def counters(self, period: str) -> list[dict[str, Any]]:
        """Every counter item of one month ("M#2026-11")."""
        ...

    def facts(self, month: str, **equal: str) -> Iterator[dict[str, Any]]:
        """The fact rows of a month, optionally filtered on top-level attributes (agency, category...)."""
        ...

    def day_facts(self, day: str) -> Iterator[dict[str, Any]]:
        """The fact rows of the reports submitted on one day ("2026-11-23")."""
        ...

    def all_counters(self) -> Counters:
        """Every counter item of every period, zeros left out (for the rebuild's check)."""
        ...

    def all_facts(self) -> Iterator[dict[str, Any]]:
        """Every fact row (for the rebuild's check)."""
        ...

    def replace_all(self, rows: Iterable[dict[str, Any]]) -> None:
        """Deletes every item and writes `rows` instead (the rebuild)."""
        ...


class ReportArchive(Protocol):
    """Every report and every event of its timeline, read in full: for the operator's rebuild only."""

    def everything(self) -> tuple[dict[str, Report], dict[str, list[ReportEvent]]]: ...
