"""issue 4: admins edit the directory: categories, agencies (with their sign-in group), areas, rules.

Other processes see a change within the directory cache's lifetime (shared.directory.CACHE_SECONDS).
"""

from __future__ import annotations

from botocore.exceptions import ClientError

from services.routing.admin_models import (
    PROVINCE_WIDE,
    AgencyIn,
    AgencyUpdate,
    AreaIn,
    CategoryIn,
    RuleIn,
    RuleOut,
)
from shared.aws import client
from shared.config import get_settings
from shared.directory import ANY_AREA, DirectoryRepository
from shared.errors import Conflict, Forbidden, InvalidInput, NotFound
from shared.models import Agency, Area, Category, RoutingRule
from shared.principal import Principal, agency_group

RULE_ID = r"^[a-z0-9_]{1,40}\.[a-z0-9-]{1,60}$"


def ensure_admin(principal: Principal) -> None:
    if not principal.is_admin:
        raise Forbidden("Chỉ quản trị viên được sửa danh mục.", "Only admins edit the directory.")


def put_category(code: str, body: CategoryIn, directory: DirectoryRepository) -> Category:
    category = Category(code=code, **body.model_dump())
    directory.put_category(category)
    return category


def create_agency(body: AgencyIn, directory: DirectoryRepository) -> Agency:
    if directory.agency(body.id) is not None:
        raise Conflict(f"Đã có cơ quan '{body.id}'.", f"Agency '{body.id}' exists already.")
    _create_group(body.id)  # first: an agency whose staff cannot sign in is of no use
    agency = Agency.model_validate(body.model_dump())
    directory.put_agency(agency)
    return agency


def _create_group(agency_id: str) -> None:
    try:
        client("cognito-idp").create_group(
            UserPoolId=get_settings().user_pool_id,
            GroupName=agency_group(agency_id),
            Description=f"Staff of agency {agency_id}",
        )
    except ClientError as error:
        if error.response["Error"]["Code"] != "GroupExistsException":
            raise


def update_agency(agency_id: str, body: AgencyUpdate, directory: DirectoryRepository) -> Agency:
    if directory.agency(agency_id) is None:
        raise NotFound(f"Không có cơ quan '{agency_id}'.", f"No agency '{agency_id}'.")
    agency = Agency(id=agency_id, **body.model_dump())
    directory.put_agency(agency)
    return agency


def put_area(code: str, body: AreaIn, directory: DirectoryRepository) -> Area:
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


def put_rule(rule_id: str, body: RuleIn, directory: DirectoryRepository) -> RuleOut:
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


def delete_rule(rule_id: str, directory: DirectoryRepository) -> None:
    if not directory.delete_rule(*_parse_rule_id(rule_id)):
        raise NotFound(f"Không có quy tắc '{rule_id}'.", f"No rule '{rule_id}'.")
