"""Pages of reports from the table's indexes: by agency and status, or by status (a `ReportIndex`)."""

from __future__ import annotations

from shared.models import Report, Status
from shared.ports import ReportStore
from shared.repository import status_key


class ReportPages:
    def __init__(self, reports: ReportStore) -> None:
        self.reports = reports

    def of_agency(
        self, agency_id: str, status: Status, limit: int, cursor: str | None
    ) -> tuple[list[Report], str | None]:
        return self.reports.page("by_agency", "agency_status", f"{agency_id}#{status.value}", limit, cursor)

    def of_status(self, status: Status, limit: int, cursor: str | None) -> tuple[list[Report], str | None]:
        return self.reports.page("by_status", "status_key", status_key(status), limit, cursor)
