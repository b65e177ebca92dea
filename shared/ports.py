"""The small interfaces that domain logic receives instead of AWS adapters.

Logic in every service types its arguments against these Protocols; `shared/repository.py` and
`shared/directory.py` implement them on DynamoDB, and unit tests of logic pass in-memory fakes
(`tests/fakes.py`). A service whose logic needs an adapter of its own declares that Protocol in its
own `logic/ports.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from shared.events import ReportEvent
from shared.models import Agency, Area, Category, PhotoResult, ProvinceSettings, Report, RoutingRule


class JointWrites(Protocol):
    """Conditional writes to another table that land with a new report in its own transaction, or
    neither lands (a filing's claims on its photos). A refusal of any of them is `JointRefused`, never
    taken for a taken tracking code."""

    def transact_items(self, report_id: str) -> list[dict[str, Any]]:
        """The DynamoDB `TransactWriteItems` entries for the report filed under `report_id`, in order
        (`JointRefused.refused` counts in this order)."""
        ...


class ReportStore(Protocol):
    """Reports and their timelines. Every change goes through `commit` (or `create_new` for a new one)."""

    def get(self, report_id: str) -> Report | None: ...

    def create_new(
        self, build: Callable[[str], tuple[Report, ReportEvent]], joint: JointWrites | None = None
    ) -> tuple[Report, ReportEvent]:
        """Stores a new report under a fresh tracking code (`build` receives it); its event reaches
        the bus from the outbox, as a commit's do. With `joint`, its writes land in the same transaction;
        raises JointRefused (nothing written) when one of their conditions fails."""
        ...

    def commit(
        self,
        report: Report,
        expected_version: int,
        events: Sequence[ReportEvent],
        expected_sla_rev: int | None = None,
    ) -> None:
        """Saves `report` and its events in one transaction, conditional on the revisions read (Conflict
        otherwise); the events reach the bus from there (the outbox), at least once."""
        ...

    def timeline(self, report_id: str) -> list[dict[str, Any]]: ...

    def timeline_events(self, report_id: str) -> list[ReportEvent]: ...

    def page(
        self, index: str, key: str, value: str, limit: int, cursor: str | None
    ) -> tuple[list[Report], str | None]: ...

    def nearby(self, cells: list[str], since: datetime) -> list[Report]: ...

    def due_before(self, moment: datetime, limit: int = 100) -> list[Report]: ...


class DirectoryReader(Protocol):
    """Categories, agencies, areas, routing rules and the province's settings."""

    def category(self, code: str) -> Category | None: ...

    def categories(self) -> list[Category]: ...

    def agency(self, agency_id: str) -> Agency | None: ...

    def agencies(self) -> list[Agency]: ...

    def agency_for(self, category: str, area_code: str | None) -> str | None: ...

    def area(self, code: str) -> Area | None: ...

    def areas(self) -> list[Area]: ...

    def rules(self, categories: list[str]) -> list[RoutingRule]: ...

    def settings(self) -> ProvinceSettings: ...


class Directory(DirectoryReader, Protocol):
    """The directory as admins edit it."""

    def put_category(self, category: Category) -> None: ...

    def put_agency(self, agency: Agency) -> None: ...

    def put_rule(self, category: str, agency_id: str, area_code: str = "*") -> None: ...

    def put_area(self, area: Area) -> None: ...

    def delete_rule(self, category: str, area_code: str) -> bool: ...

    def put_settings(self, settings: ProvinceSettings) -> None: ...


@dataclass(frozen=True)
class ReportFile:
    """A report with what its partition keeps beside it: its events, oldest first (empty when they were not
    asked for), and what the photo worker found for each of its photos, by upload id."""

    report: Report
    events: list[ReportEvent] = field(default_factory=list)
    photos: dict[str, PhotoResult] = field(default_factory=dict)


class ReportFiles(Protocol):
    """A report and the items beside it, each read in one consistent call (shared/report_partition.py)."""

    def whole(self, report_id: str) -> ReportFile | None:
        """The report, its events and its photos' results (what the staff view shows)."""
        ...

    def with_photos(self, report_id: str) -> ReportFile | None:
        """The report and its photos' results, without its events (what the photo worker needs)."""
        ...
