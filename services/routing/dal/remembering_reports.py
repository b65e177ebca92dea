"""The staff API's report store: the reports table, plus the copies of reports this container read or wrote
in the last minutes (by a view, mostly), which an action tries first instead of reading the report again."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Sequence

from shared.events import ReportEvent
from shared.models import Report
from shared.ports import ReportFile
from shared.report_partition import ReportPartition
from shared.repository import ReportRepository

# How long a copy is offered. A copy never decides anything alone: an action decided on it is committed
# conditionally on the copy's `version` and `sla_rev`, which every change of the report bumps (decision 5),
# so a copy the report has moved past is a refused commit and the action is decided again on a fresh read;
# the caller's rights come from their token on every request, never from here. The age therefore bounds
# only how long a stale copy can cost that refused transaction, and the memory: five minutes covers
# reading a report and then acting on it (the view fills this memory, the action reads it), and a copy
# older than that is more likely to have moved on than to save a read.
RECENT_SECONDS = 300.0
MAX_COPIES = 200  # reports of a few KB each: a container's memory is not at stake


class RememberingReports(ReportRepository):
    def __init__(self, table_name: str | None = None) -> None:
        super().__init__(table_name)
        self._files = ReportPartition(self.table_name)
        self._copies: OrderedDict[str, tuple[float, Report]] = OrderedDict()
        self._lock = threading.Lock()  # the local runner may call one process's handlers from two threads

    def recent(self, report_id: str) -> Report | None:
        with self._lock:
            hit = self._copies.get(report_id)
            if hit is None or time.monotonic() - hit[0] >= RECENT_SECONDS:
                self._copies.pop(report_id, None)
                return None
            return hit[1].model_copy(deep=True)  # the caller may change its copy; ours stays as read

    def whole(self, report_id: str) -> ReportFile | None:
        found = self._files.whole(report_id)
        if found is not None:
            self._remember(found.report)
        return found

    def get(self, report_id: str) -> Report | None:
        report = super().get(report_id)
        if report is not None:
            self._remember(report)
        return report

    def commit(
        self,
        report: Report,
        expected_version: int,
        events: Sequence[ReportEvent] = (),
        expected_sla_rev: int | None = None,
    ) -> None:
        # Whatever the outcome, the copy held is behind (or we cannot tell): the next action reads afresh,
        # and the view that usually follows an action remembers the report as stored.
        self.forget(report.id)
        super().commit(report, expected_version, events, expected_sla_rev)

    def forget(self, report_id: str) -> None:
        with self._lock:
            self._copies.pop(report_id, None)

    def clear(self) -> None:
        with self._lock:
            self._copies.clear()

    def _remember(self, report: Report) -> None:
        with self._lock:
            self._copies[report.id] = (time.monotonic(), report.model_copy(deep=True))
            self._copies.move_to_end(report.id)
            while len(self._copies) > MAX_COPIES:
                self._copies.popitem(last=False)
