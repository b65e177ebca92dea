"""issue 4: the directory admin routes (admins only). Each parses, calls one logic function, answers."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Path
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from services.routing.admin_models import (
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
from services.routing.logic import directory_admin as admin
from shared.auth import caller as caller_of
from shared.directory import DirectoryRepository
from shared.models import Agency, Area, Category, ProvinceSettings

router = APIGatewayRouter()
Code = Annotated[str, Path(pattern=r"^[a-z0-9_]{1,40}$")]
Slug = Annotated[str, Path(pattern=r"^[a-z0-9-]{1,60}$")]
RuleId = Annotated[str, Path(pattern=admin.RULE_ID)]


def admin_only() -> DirectoryRepository:
    """Checks the caller is an admin; the directory without cache: admins must read their own writes."""
    admin.ensure_admin(caller_of(router.current_event))
    return DirectoryRepository()


@router.get("/v1/admin/categories", summary="Categories")
def get_categories() -> Categories:
    directory = admin_only()
    return Categories(items=directory.categories())


@router.put("/v1/admin/categories/<id>", summary="Create or replace a category")
def put_category(id: Code, body: CategoryIn) -> Category:
    directory = admin_only()
    return admin.put_category(id, body, directory)


@router.get("/v1/admin/agencies", summary="Agencies")
def get_agencies() -> Agencies:
    directory = admin_only()
    return Agencies(items=directory.agencies())


@router.post("/v1/admin/agencies", summary="Create an agency and its staff sign-in group")
def post_agency(body: AgencyIn) -> Response[Agency]:
    directory = admin_only()
    agency = admin.create_agency(body, directory)
    return Response(
        201, content_types.APPLICATION_JSON, agency, {"Location": f"/v1/admin/agencies/{agency.id}"}
    )


@router.put("/v1/admin/agencies/<id>", summary="Update an agency")
def put_agency(id: Slug, body: AgencyUpdate) -> Agency:
    directory = admin_only()
    return admin.update_agency(id, body, directory)


@router.get("/v1/admin/areas", summary="Communes and wards with their outlines")
def get_areas() -> Areas:
    directory = admin_only()
    return Areas(items=directory.areas())


@router.put("/v1/admin/areas/<id>", summary="Create or replace a commune/ward outline")
def put_area(id: Slug, body: AreaIn) -> Area:
    directory = admin_only()
    return admin.put_area(id, body, directory)


@router.get("/v1/admin/rules", summary="Routing rules: category × area → agency")
def get_rules() -> Rules:
    directory = admin_only()
    rules = directory.rules([c.code for c in directory.categories()])
    return Rules(items=[admin.rule_out(r) for r in rules])


@router.put("/v1/admin/rules/<id>", summary="Set the agency of <category>.<area> (or <category>.all)")
def put_rule(id: RuleId, body: RuleIn) -> RuleOut:
    directory = admin_only()
    return admin.put_rule(id, body, directory)


@router.delete("/v1/admin/rules/<id>", summary="Remove a routing rule")
def delete_rule(id: RuleId) -> Response[None]:
    directory = admin_only()
    admin.delete_rule(id, directory)
    return Response(204, content_types.APPLICATION_JSON, None)


@router.get("/v1/admin/settings", summary="The province's process settings")
def get_settings() -> ProvinceSettings:
    directory = admin_only()
    return directory.settings()


@router.put("/v1/admin/settings", summary="Change the province's process settings")
def put_settings(body: ProvinceSettings) -> ProvinceSettings:
    directory = admin_only()
    directory.put_settings(body)
    return body
