"""Every report item and its timeline events, read with a paginated Scan of the reports table."""

from __future__ import annotations

from services.sla.dal.table_scan import scan
from shared.config import get_settings
from shared.events import ReportEvent
from shared.models import Report
from shared.repository import META


class ReportTableArchive:
    """The ReportArchive of the reports table (see logic/ports.py)."""

    def __init__(self, table_name: str | None = None) -> None:
        self.table_name = table_name or get_settings().reports_table

    def everything(self) -> tuple[dict[str, Report], dict[str, list[ReportEvent]]]:
        metas: dict[str, Report] = {}
        events: dict[str, list[ReportEvent]] = {}
        for item in scan(self.table_name):
            if item["sk"] == META:
                metas[item["pk"]] = Report.model_validate(item)
            elif str(item["sk"]).startswith("EVENT#") and "event" in item:
                events.setdefault(item["pk"], []).append(ReportEvent.model_validate_json(item["event"]))
        return metas, events
