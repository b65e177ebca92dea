"""The agencies the operations centre assigns to and leaders filter by, without their contact addresses;
and the agencies' names alone, which every staff member may read."""

from __future__ import annotations

from services.routing.models.staff import AgencyChoice, AgencyChoices, AgencyName, AgencyNames
from shared.errors import Forbidden
from shared.ports import Directory
from shared.principal import Principal


def agency_choices(principal: Principal, directory: Directory) -> AgencyChoices:
    """Agency staff only ever see their own agency's work, so they have no list to pick from (403)."""
    if not (principal.is_operator or principal.is_leader or principal.is_admin):
        raise Forbidden(
            "Chỉ trung tâm điều hành, lãnh đạo và quản trị viên xem được danh sách cơ quan.",
            "Only the operations centre, leaders and admins see the list of agencies.",
        )
    found = [AgencyChoice(id=a.id, name=a.name, kind=a.kind) for a in directory.agencies()]
    return AgencyChoices(items=sorted(found, key=lambda a: a.id))


def agency_names(principal: Principal, directory: Directory) -> AgencyNames:
    """Ids and names only (no kind, no addresses): agency staff read their own agency's name by it."""
    if not principal.is_staff:
        raise Forbidden("Chỉ cán bộ được xem tên các cơ quan.", "Only staff may see the agencies' names.")
    found = [AgencyName(id=a.id, name=a.name) for a in directory.agencies()]
    return AgencyNames(items=sorted(found, key=lambda a: a.id))
