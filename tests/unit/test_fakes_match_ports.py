"""The in-memory fakes and the DynamoDB adapters both satisfy the Protocols logic is typed against."""

from __future__ import annotations

from services.routing.dal.remembering_reports import RememberingReports
from services.routing.logic.ports import CaseFiles, PhotoChecks, PhotoFiles, RecentReports
from shared.directory import DirectoryRepository
from shared.photo_bucket import PhotoBucket
from shared.photo_results import PhotoResults
from shared.ports import Directory, ReportFiles, ReportStore
from shared.report_partition import ReportPartition
from shared.repository import ReportRepository
from tests.fakes import FakeDirectory, FakePhotos, FakeReportFiles, FakeReports

# mypy checks these assignments: a fake or an adapter drifting from its Protocol fails `make typecheck`.
_stores: list[type[ReportStore]] = [FakeReports, ReportRepository]
_directories: list[type[Directory]] = [FakeDirectory, DirectoryRepository]
_photo_checks: list[type[PhotoChecks]] = [FakePhotos, PhotoResults]
_photo_files: list[type[PhotoFiles]] = [FakePhotos, PhotoBucket]
_report_files: list[type[ReportFiles]] = [FakeReportFiles, ReportPartition]
_case_files: list[type[CaseFiles]] = [FakeReportFiles, ReportPartition, RememberingReports]
_recent: list[type[RecentReports]] = [RememberingReports]
_staff_stores: list[type[ReportStore]] = [RememberingReports]


def test_protocol_methods_exist_on_fakes_and_adapters() -> None:
    pairs: list[tuple[type, list]] = [
        (ReportStore, _stores),
        (Directory, _directories),
        (PhotoChecks, _photo_checks),
        (PhotoFiles, _photo_files),
        (ReportFiles, _report_files),
        (CaseFiles, _case_files),
        (RecentReports, _recent),
        (ReportStore, _staff_stores),
    ]
    for protocol, classes in pairs:
        wanted = {name for name in vars(protocol) if not name.startswith("_")}
        for cls in classes:
            assert wanted <= set(dir(cls)), (cls, wanted - set(dir(cls)))
