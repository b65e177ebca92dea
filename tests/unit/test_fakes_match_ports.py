"""The in-memory fakes and the DynamoDB adapters both satisfy the Protocols logic is typed against."""

from __future__ import annotations

from shared.directory import DirectoryRepository
from shared.ports import Directory, ReportStore
from shared.repository import ReportRepository
from tests.fakes import FakeDirectory, FakeReports

# mypy checks these assignments: a fake or an adapter drifting from its Protocol fails `make typecheck`.
_stores: list[type[ReportStore]] = [FakeReports, ReportRepository]
_directories: list[type[Directory]] = [FakeDirectory, DirectoryRepository]


def test_protocol_methods_exist_on_fakes_and_adapters() -> None:
    for protocol, classes in ((ReportStore, _stores), (Directory, _directories)):
        wanted = {name for name in vars(protocol) if not name.startswith("_")}
        for cls in classes:
            assert wanted <= set(dir(cls)), (cls, wanted - set(dir(cls)))
