"""The agencies offered to pick from: the centre, leaders and admins see them, without email addresses."""

from __future__ import annotations

import pytest

from services.routing.logic.agency_choices import agency_choices, agency_names
from shared.errors import Forbidden
from shared.models import Agency
from shared.principal import Principal
from tests.fakes import FakeDirectory


def who(*groups: str) -> Principal:
    return Principal(subject="1", username="u", groups=frozenset(groups))


@pytest.fixture
def directory() -> FakeDirectory:
    found = FakeDirectory()
    for agency in (
        Agency(id="so-xay-dung", name="Sở Xây dựng", kind="department", emails=["sxd@example.vn"]),
        Agency(id="dien-luc", name="Điện lực Cà Mau", kind="company", emails=["dl@example.vn"]),
    ):
        found.agency_by_id[agency.id] = agency
    return found


@pytest.mark.parametrize("group", ["operator", "leader", "admin"])
def test_the_centre_leaders_and_admins_get_every_agency(directory: FakeDirectory, group: str) -> None:
    choices = agency_choices(who(group), directory).model_dump()["items"]
    assert choices == [
        {"id": "dien-luc", "name": "Điện lực Cà Mau", "kind": "company"},
        {"id": "so-xay-dung", "name": "Sở Xây dựng", "kind": "department"},
    ]


def test_agency_staff_have_no_list_of_other_agencies(directory: FakeDirectory) -> None:
    with pytest.raises(Forbidden):
        agency_choices(who("agency:dien-luc"), directory)


@pytest.mark.parametrize("group", ["agency:dien-luc", "operator", "leader", "admin"])
def test_every_staff_member_reads_the_agencies_names_and_nothing_else(
    directory: FakeDirectory, group: str
) -> None:
    assert agency_names(who(group), directory).model_dump()["items"] == [
        {"id": "dien-luc", "name": "Điện lực Cà Mau"},
        {"id": "so-xay-dung", "name": "Sở Xây dựng"},
    ]


def test_someone_in_no_staff_group_reads_no_names(directory: FakeDirectory) -> None:
    with pytest.raises(Forbidden):
        agency_names(who("citizens"), directory)
