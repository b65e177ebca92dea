"""The adapters routing's logic needs beyond `shared/ports.py`, as Protocols (implemented in `dal/`)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from shared.models import Category, PhotoResult, Report, Status
from shared.ports import ReportFile
from shared.sla_policy import SlaPolicy


class RoutingRules(Protocol):
    """The directory's category × area → agency rules (a `DirectoryReader` is one)."""

    def agency_for(self, category: str, area_code: str | None) -> str | None: ...


class CategoryTerms(Protocol):
    """A category's deadlines by urgency, which an assignment's deadlines follow (a `DirectoryReader`)."""

    def category(self, code: str) -> Category | None: ...


class RoutingDirectory(RoutingRules, CategoryTerms, Protocol):
    """What the routing worker reads of the directory: the rules, and the category's deadlines."""


class AreaFinder(Protocol):
    """The commune/ward containing a point."""

    def area_at(self, lat: float, lon: float) -> str | None: ...


class NearbyReports(Protocol):
    """Candidates for duplicate hints: reports of a category indexed around a point since a moment."""

    def around(self, category: str, lat: float, lon: float, since: datetime) -> list[Report]: ...


class ReportIndex(Protocol):
    """Pages of reports by status, for one agency or for all, newest first."""

    def of_agency(
        self, agency_id: str, status: Status, limit: int, cursor: str | None
    ) -> tuple[list[Report], str | None]: ...

    def of_status(
        self, status: Status, limit: int, cursor: str | None
    ) -> tuple[list[Report], str | None]: ...


class AgencyGroups(Protocol):
    """The staff sign-in groups of agencies (Cognito)."""

    def create(self, agency_id: str) -> None:
        """Creates the agency's group; one that exists already is fine."""
        ...


class CaseLookups(RoutingRules, CategoryTerms, Protocol):
    """The reads a staff action needs: the directory's entries and settings, other reports, and the SLA
    policy an assignment's deadlines follow."""

    def category_exists(self, code: str) -> bool: ...

    def agency_exists(self, agency_id: str) -> bool: ...

    def report(self, report_id: str) -> Report | None: ...

    def auto_publish(self) -> bool: ...

    def sla_policy(self) -> SlaPolicy: ...


class CaseFiles(Protocol):
    """A report with its history and its photos' results, read together (the staff view)."""

    def whole(self, report_id: str) -> ReportFile | None: ...


class RecentReports(Protocol):
    """Copies of reports this process read or wrote lately, which may have changed since: a decision made
    on one holds only through a commit conditional on the revisions the copy carries."""

    def recent(self, report_id: str) -> Report | None: ...


class PhotoChecks(Protocol):
    """What the photo worker found for a photo of a report: its cleaned copy, or why it was refused."""

    def get(self, report_id: str, upload_id: str) -> PhotoResult | None: ...


class PhotoFiles(Protocol):
    """The photos bucket, read: at most `limit` bytes of an object."""

    def read(self, key: str, limit: int) -> bytes: ...
