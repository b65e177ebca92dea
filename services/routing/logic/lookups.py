"""The reads `casework.decide` needs (a `CaseLookups`), answered by the report store and the directory."""

from __future__ import annotations

from dataclasses import dataclass

from shared.models import Category, Report
from shared.ports import DirectoryReader, ReportStore
from shared.sla_policy import SlaPolicy


@dataclass
class StoreLookups:
    reports: ReportStore
    directory: DirectoryReader
    deadlines: SlaPolicy

    def category_exists(self, code: str) -> bool:
        return self.directory.category(code) is not None

    def agency_exists(self, agency_id: str) -> bool:
        return self.directory.agency(agency_id) is not None

    def category(self, code: str) -> Category | None:
        return self.directory.category(code)

    def agency_for(self, category: str, area_code: str | None) -> str | None:
        return self.directory.agency_for(category, area_code)

    def report(self, report_id: str) -> Report | None:
        return self.reports.get(report_id)

    def auto_publish(self) -> bool:
        return self.directory.settings().auto_publish

    def sla_policy(self) -> SlaPolicy:
        return self.deadlines
