"""In-memory stand-ins for the Protocols of `shared/ports.py`: unit tests of logic run on these, not moto.

They keep the contracts that matter to logic: `commit` is conditional on the revisions read and raises
Conflict like DynamoDB's transaction; events committed are recorded in order as "published".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, Protocol, cast

from shared.clock_due import next_check
from shared.errors import Conflict, JointRefused
from shared.events import ReportEvent
from shared.models import Agency, Area, Category, PhotoResult, ProvinceSettings, Report, RoutingRule
from shared.ports import JointWrites, ReportFile
from shared.stats_change import stamped

ANY_AREA = "*"


class InMemoryJoint(JointWrites, Protocol):
    """The joint writes a fake store of reports understands (the fakes' stand-in for a transaction)."""

    def land(self, report_id: str) -> list[int]:
        """Applies every write if each one's condition holds; else the positions refused, nothing applied."""
        ...


class FakeReports:
    def __init__(self) -> None:
        self.reports: dict[str, Report] = {}
        self.events: dict[str, list[ReportEvent]] = {}
        self.published: list[ReportEvent] = []
        self._next_id = 1  # a code is used up only by a report stored, so tests can name what they file

    def _conflict(self) -> Conflict:
        return Conflict("Phản ánh vừa được người khác cập nhật.", "The report was changed by someone else.")

    def get(self, report_id: str) -> Report | None:
        return self.reports.get(report_id)

    def create_new(
        self, build: Callable[[str], tuple[Report, ReportEvent]], joint: JointWrites | None = None
    ) -> tuple[Report, ReportEvent]:
        report, event = build(f"PA-TEST-{self._next_id:04d}")
        refused = cast(InMemoryJoint, joint).land(report.id) if joint else []
        if refused:
            raise JointRefused(refused)  # nothing stored, as the refused transaction stores nothing
        self._next_id += 1
        report.stats_basis = stamped(report, [event]).stats_basis
        self.reports[report.id] = report
        self.events[report.id] = [event]
        self.published.append(event)
        return report, event

    def commit(
        self,
        report: Report,
        expected_version: int,
        events: Sequence[ReportEvent] = (),
        expected_sla_rev: int | None = None,
    ) -> None:
        current = self.reports.get(report.id)
        sla_rev = report.sla_rev if expected_sla_rev is None else expected_sla_rev
        if current is None or current.version != expected_version or current.sla_rev != sla_rev:
            raise self._conflict()
        report.sla_next_at = next_check(report)  # as ReportRepository stores it
        report.stats_basis = stamped(report, events).stats_basis
        self.reports[report.id] = report
        self.events.setdefault(report.id, []).extend(events)
        self.published.extend(events)

    def timeline(self, report_id: str) -> list[dict[str, Any]]:
        return [
            {"type": e.type.value, "actor": e.actor, "at": e.occurred_at.isoformat()}
            for e in self.events.get(report_id, [])
        ]

    def timeline_events(self, report_id: str) -> list[ReportEvent]:
        return list(self.events.get(report_id, []))

    def page(
        self, index: str, key: str, value: str, limit: int, cursor: str | None
    ) -> tuple[list[Report], str | None]:
        raise NotImplementedError("index pages are tested against moto (tests/integration)")

    def nearby(self, cells: list[str], since: datetime) -> list[Report]:
        return []

    def due_before(self, moment: datetime, limit: int = 100) -> list[Report]:
        due = [r for r in self.reports.values() if r.sla_next_at and r.sla_next_at <= moment]
        return sorted(due, key=lambda r: r.sla_next_at or moment)[:limit]


class FakeDirectory:
    def __init__(self) -> None:
        self.category_by_code: dict[str, Category] = {}
        self.agency_by_id: dict[str, Agency] = {}
        self.area_by_code: dict[str, Area] = {}
        self.rule_map: dict[tuple[str, str], str] = {}
        self.province = ProvinceSettings()

    def category(self, code: str) -> Category | None:
        return self.category_by_code.get(code)

    def categories(self) -> list[Category]:
        return list(self.category_by_code.values())

    def agency(self, agency_id: str) -> Agency | None:
        return self.agency_by_id.get(agency_id)

    def agencies(self) -> list[Agency]:
        return list(self.agency_by_id.values())

    def agency_for(self, category: str, area_code: str | None) -> str | None:
        for area in (area_code, ANY_AREA):
            if area is not None and (category, area) in self.rule_map:
                return self.rule_map[(category, area)]
        return None

    def area(self, code: str) -> Area | None:
        return self.area_by_code.get(code)

    def areas(self) -> list[Area]:
        return list(self.area_by_code.values())

    def rules(self, categories: list[str]) -> list[RoutingRule]:
        return [
            RoutingRule(category=c, area_code=a, agency_id=agency)
            for (c, a), agency in self.rule_map.items()
            if c in categories
        ]

    def settings(self) -> ProvinceSettings:
        return self.province

    def put_category(self, category: Category) -> None:
        self.category_by_code[category.code] = category

    def put_agency(self, agency: Agency) -> None:
        self.agency_by_id[agency.id] = agency

    def put_rule(self, category: str, agency_id: str, area_code: str = ANY_AREA) -> None:
        self.rule_map[(category, area_code)] = agency_id

    def put_area(self, area: Area) -> None:
        self.area_by_code[area.code] = area

    def delete_rule(self, category: str, area_code: str) -> bool:
        return self.rule_map.pop((category, area_code), None) is not None

    def put_settings(self, settings: ProvinceSettings) -> None:
        self.province = settings


class FakeStats:
    """The SLA service's StatsStore in memory: the newest fact row with the commits counted, counters
    ADDed to."""

    def __init__(self) -> None:
        self.items: dict[tuple[str, str], dict[str, Any]] = {}

    def count(
        self, report_id: str, seq: int, row: dict[str, Any], deltas: dict[tuple[str, str], dict[str, int]]
    ) -> bool:
        current = self.items.get((row["pk"], row["sk"]))
        if current is not None and seq in current["seqs"]:
            return False
        seqs = {*(current or {}).get("seqs", set()), seq}
        if current is None or int(current["seq"]) < seq:
            self.items[(row["pk"], row["sk"])] = {**row, "seqs": seqs}
        else:
            current["seqs"] = seqs
        for (pk, sk), counts in deltas.items():
            item = self.items.setdefault((pk, sk), {"pk": pk, "sk": sk})
            for name, value in counts.items():
                item[name] = item.get(name, 0) + value
        return True

    def counters(self, period: str) -> list[dict[str, Any]]:
        return [dict(item) for (pk, _), item in sorted(self.items.items()) if pk == period]

    def facts(self, month: str, **equal: str) -> Iterator[dict[str, Any]]:
        for (pk, _), item in sorted(self.items.items()):
            if pk == f"FACTS#{month}" and all(item.get(k) == v for k, v in equal.items()):
                yield dict(item)

    def day_facts(self, day: str) -> Iterator[dict[str, Any]]:
        for (pk, sk), item in sorted(self.items.items()):
            if pk == f"FACTS#{day[:7]}" and sk.startswith(f"{day}#"):
                yield dict(item)

    def all_facts(self) -> Iterator[dict[str, Any]]:
        return (dict(item) for (pk, _), item in sorted(self.items.items()) if pk.startswith("FACTS#"))

    def all_counters(self) -> dict[tuple[str, str], dict[str, int]]:
        found = {}
        for key, item in self.items.items():
            counts = {k: v for k, v in item.items() if k not in ("pk", "sk") and v}
            if not key[0].startswith("FACTS#") and counts:
                found[key] = counts
        return found

    def replace_all(self, rows: Iterable[dict[str, Any]]) -> None:
        self.items = {(row["pk"], row["sk"]): dict(row) for row in rows}


class FakePhotos:
    """The photo worker's results and the bucket's cleaned copies, in memory."""

    def __init__(self) -> None:
        self.results: dict[tuple[str, str], PhotoResult] = {}
        self.files: dict[str, bytes] = {}

    def record(self, report_id: str, result: PhotoResult) -> bool:
        return self.results.setdefault((report_id, result.upload_id), result) is result

    def for_report(self, report_id: str) -> dict[str, PhotoResult]:
        return {upload: result for (rid, upload), result in self.results.items() if rid == report_id}

    def get(self, report_id: str, upload_id: str) -> PhotoResult | None:
        return self.results.get((report_id, upload_id))

    def read(self, key: str, limit: int) -> bytes:
        return self.files[key][:limit]


class PhotoResultsByReport(Protocol):
    def for_report(self, report_id: str) -> dict[str, PhotoResult]: ...


class FakeReportFiles:
    """A report with its events and its photos' results, as one read of its partition gives them."""

    def __init__(self, reports: FakeReports, photos: PhotoResultsByReport | None = None) -> None:
        self.reports, self.photos = reports, photos or FakePhotos()

    def whole(self, report_id: str) -> ReportFile | None:
        found = self.with_photos(report_id)
        if found is None:
            return None
        return ReportFile(found.report, self.reports.timeline_events(report_id), found.photos)

    def with_photos(self, report_id: str) -> ReportFile | None:
        report = self.reports.get(report_id)
        if report is None:
            return None
        return ReportFile(report, photos=self.photos.for_report(report_id))
