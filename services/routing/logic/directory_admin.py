"""Admins read and edit the directory: categories, agencies (with their sign-in group), areas, rules,
settings. Every function checks the caller is an admin first (403 otherwise).

Other processes see a change within the directory cache's lifetime (shared.directory.CACHE_SECONDS).
"""

from __future__ import annotations

from services.routing.logic.ports import AgencyGroups
from services.routing.models.directory import (
    PROVINCE_WIDE,
    Agencies,
    AgencyIn,
    AgencyUpdate,
    AreaIn,
    Areas,
    Categories,
    CategoryIn,
    RuleIn,
    RuleOut,
    Rules,
)
from shared.errors import Conflict, Forbidden, InvalidInput, NotFound
from shared.models import Agency, Area, Category, ProvinceSettings, RoutingRule
from shared.ports import Directory
from shared.principal import Principal

RULE_ID = r"^[a-z0-9_]{1,40}\.[a-z0-9-]{1,60}$"
ANY_AREA = "*"  # how the directory stores a province-wide rule


def ensure_admin(principal: Principal) -> None:
    if not principal.is_admin:
        raise Forbidden("Chỉ quản trị viên được sửa danh mục.", "Only admins edit the directory.")


def categories(admin: Principal, directory: Directory) -> Categories:
    ensure_admin(admin)
    return Categories(items=directory.categories())


def agencies(admin: Principal, directory: Directory) -> Agencies:
    ensure_admin(admin)
    return Agencies(items=directory.agencies())


def areas(admin: Principal, directory: Directory) -> Areas:
    ensure_admin(admin)
    return Areas(items=directory.areas())


def rules(admin: Principal, directory: Directory) -> Rules:
    ensure_admin(admin)
    found = directory.rules([c.code for c in directory.categories()])
    return Rules(items=[rule_out(r) for r in found])


def settings(admin: Principal, directory: Directory) -> ProvinceSettings:
    ensure_admin(admin)
    return directory.settings()


def put_settings(admin: Principal, body: ProvinceSettings, directory: Directory) -> ProvinceSettings:
    ensure_admin(admin)
    directory.put_settings(body)
    return body


def put_category(admin: Principal, code: str, body: CategoryIn, directory: Directory) -> Category:
    ensure_admin(admin)
    category = Category(code=code, **body.model_dump())
    directory.put_category(category)
    return category


def create_agency(admin: Principal, body: AgencyIn, directory: Directory, groups: AgencyGroups) -> Agency:
    ensure_admin(admin)
    if directory.agency(body.id) is not None:
        raise Conflict(f"Đã có cơ quan '{body.id}'.", f"Agency '{body.id}' exists already.")
    groups.create(body.id)  # first: an agency whose staff cannot sign in is of no use
    agency = Agency.model_validate(body.model_dump())
    directory.put_agency(agency)
    return agency


def update_agency(admin: Principal, agency_id: str, body: AgencyUpdate, directory: Directory) -> Agency:
    ensure_admin(admin)
    if directory.agency(agency_id) is None:
        raise NotFound(f"Không có cơ quan '{agency_id}'.", f"No agency '{agency_id}'.")
    agency = Agency(id=agency_id, **body.model_dump())
    directory.put_agency(agency)
    return agency


def put_area(admin: Principal, code: str, body: AreaIn, directory: Directory) -> Area:
    ensure_admin(admin)
    # Imported here: shapely (with numpy) would add ~0.2 s to every cold start of the staff API for a
    # route admins call a few times a year.
    from services.routing.logic.geo import checked_geometry

    area = Area(code=code, name=body.name, kind=body.kind, geometry=checked_geometry(body.geometry))
    directory.put_area(area)
    return area


def rule_out(rule: RoutingRule) -> RuleOut:
    area = PROVINCE_WIDE if rule.area_code == ANY_AREA else rule.area_code
    return RuleOut(id=f"{rule.category}.{area}", **rule.model_dump())


def _parse_rule_id(rule_id: str) -> tuple[str, str]:
    category, _, area = rule_id.partition(".")
    return category, ANY_AREA if area == PROVINCE_WIDE else area


def put_rule(admin: Principal, rule_id: str, body: RuleIn, directory: Directory) -> RuleOut:
    ensure_admin(admin)
    category, area = _parse_rule_id(rule_id)
    unknown = {
        "id": directory.category(category) is None and "unknown category",
        "area": area != ANY_AREA and directory.area(area) is None and "unknown area",
        "agency_id": directory.agency(body.agency_id) is None and "unknown agency",
    }
    fields = {k: v for k, v in unknown.items() if v}
    if fields:
        raise InvalidInput(
            "Quy tắc tham chiếu mục không tồn tại.", "The rule refers to unknown items.", fields
        )
    directory.put_rule(category, body.agency_id, area)
    return rule_out(RoutingRule(category=category, area_code=area, agency_id=body.agency_id))


def delete_rule(admin: Principal, rule_id: str, directory: Directory) -> None:
    ensure_admin(admin)
    if not directory.delete_rule(*_parse_rule_id(rule_id)):
        raise NotFound(f"Không có quy tắc '{rule_id}'.", f"No rule '{rule_id}'.")
