"""The directory admin's rules on in-memory adapters: admins only, sign-in group first, rules checked."""

from __future__ import annotations

import pytest

from services.routing.logic import directory_admin as admin
from services.routing.models.directory import AgencyIn, AgencyUpdate, RuleIn
from shared.errors import Conflict, Forbidden, InvalidInput, NotFound
from shared.models import Category
from shared.principal import Principal
from tests.fakes import FakeDirectory

ADMIN = Principal(subject="1", username="adm", groups=frozenset({"admin"}))
OPERATOR = Principal(subject="2", username="op", groups=frozenset({"operator"}))
AGENCY = AgencyIn(id="so-noi-vu", name="Sở Nội vụ", kind="department", emails=["snv@example.vn"])


class Groups:
    def __init__(self, directory: FakeDirectory, fails: bool = False) -> None:
        self.created: list[str] = []
        self.directory = directory
        self.fails = fails

    def create(self, agency_id: str) -> None:
        assert self.directory.agency(agency_id) is None, "the group comes before the agency"
        if self.fails:
            raise RuntimeError("user pool unavailable")
        self.created.append(agency_id)


def test_only_admins_read_or_edit_the_directory() -> None:
    directory = FakeDirectory()
    with pytest.raises(Forbidden):
        admin.categories(OPERATOR, directory)
    with pytest.raises(Forbidden):
        admin.create_agency(OPERATOR, AGENCY, directory, Groups(directory))
    assert directory.agencies() == []


def test_a_new_agency_gets_its_sign_in_group_first() -> None:
    directory = FakeDirectory()
    groups = Groups(directory)
    agency = admin.create_agency(ADMIN, AGENCY, directory, groups)
    assert groups.created == ["so-noi-vu"] and directory.agency("so-noi-vu") == agency
    with pytest.raises(Conflict):
        admin.create_agency(ADMIN, AGENCY, directory, groups)


def test_no_group_no_agency() -> None:
    directory = FakeDirectory()
    with pytest.raises(RuntimeError):
        admin.create_agency(ADMIN, AGENCY, directory, Groups(directory, fails=True))
    assert directory.agency("so-noi-vu") is None


def test_updating_an_unknown_agency_is_not_found() -> None:
    update = AgencyUpdate(name="X", kind="other", emails=["x@example.vn"])
    with pytest.raises(NotFound):
        admin.update_agency(ADMIN, "khong-co", update, FakeDirectory())


def test_rules_refer_to_known_items_and_all_means_province_wide() -> None:
    directory = FakeDirectory()
    directory.put_category(Category(code="dien", name_vi="Điện", name_en="Power"))
    admin.create_agency(ADMIN, AGENCY, directory, Groups(directory))
    with pytest.raises(InvalidInput) as refused:
        admin.put_rule(ADMIN, "dien.xa-khong-co", RuleIn(agency_id="khong-co"), directory)
    assert set(refused.value.fields) == {"area", "agency_id"}
    rule = admin.put_rule(ADMIN, "dien.all", RuleIn(agency_id="so-noi-vu"), directory)
    assert (rule.id, rule.area_code) == ("dien.all", "*")
    assert directory.agency_for("dien", "any-ward") == "so-noi-vu"
    assert [r.id for r in admin.rules(ADMIN, directory).items] == ["dien.all"]
    admin.delete_rule(ADMIN, "dien.all", directory)
    with pytest.raises(NotFound):
        admin.delete_rule(ADMIN, "dien.all", directory)
