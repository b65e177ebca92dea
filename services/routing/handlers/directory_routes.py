"""The directory admin routes (admins only). Each parses, calls one logic function, answers."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Path
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from services.routing.dal.cognito_groups import CognitoAgencyGroups
from services.routing.logic import directory_admin as admin
from services.routing.models.directory import (
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
from shared.auth import caller as caller_of
from shared.directory import DirectoryRepository
from shared.models import Agency, Area, Category, ProvinceSettings
from shared.principal import Principal

router = APIGatewayRouter()
groups = CognitoAgencyGroups()
Code = Annotated[str, Path(pattern=r"^[a-z0-9_]{1,40}$")]
Slug = Annotated[str, Path(pattern=r"^[a-z0-9-]{1,60}$")]
RuleId = Annotated[str, Path(pattern=admin.RULE_ID)]


def caller() -> Principal:
    return caller_of(router.current_event)


def uncached() -> DirectoryRepository:
    """The directory without cache: admins must read their own writes."""
    return DirectoryRepository()


@router.get("/v1/admin/categories", summary="Categories")
def get_categories() -> Categories:
    return admin.categories(caller(), uncached())


@router.put("/v1/admin/categories/<id>", summary="Create or replace a category")
def put_category(id: Code, body: CategoryIn) -> Category:
    return admin.put_category(caller(), id, body, uncached())


@router.get("/v1/admin/agencies", summary="Agencies")
def get_agencies() -> Agencies:
    return admin.agencies(caller(), uncached())


@router.post("/v1/admin/agencies", summary="Create an agency and its staff sign-in group")
def post_agency(body: AgencyIn) -> Response[Agency]:
    agency = admin.create_agency(caller(), body, uncached(), groups)
    return Response(
        201, content_types.APPLICATION_JSON, agency, {"Location": f"/v1/admin/agencies/{agency.id}"}
    )


@router.put("/v1/admin/agencies/<id>", summary="Update an agency")
def put_agency(id: Slug, body: AgencyUpdate) -> Agency:
    return admin.update_agency(caller(), id, body, uncached())


@router.get("/v1/admin/areas", summary="Communes and wards with their outlines")
def get_areas() -> Areas:
    return admin.areas(caller(), uncached())


@router.put("/v1/admin/areas/<id>", summary="Create or replace a commune/ward outline")
def put_area(id: Slug, body: AreaIn) -> Area:
    return admin.put_area(caller(), id, body, uncached())


@router.get("/v1/admin/rules", summary="Routing rules: category × area → agency")
def get_rules() -> Rules:
    return admin.rules(caller(), uncached())


@router.put("/v1/admin/rules/<id>", summary="Set the agency of <category>.<area> (or <category>.all)")
def put_rule(id: RuleId, body: RuleIn) -> RuleOut:
    return admin.put_rule(caller(), id, body, uncached())


@router.delete("/v1/admin/rules/<id>", summary="Remove a routing rule")
def delete_rule(id: RuleId) -> Response[None]:
    admin.delete_rule(caller(), id, uncached())
    return Response(204, content_types.APPLICATION_JSON, None)


@router.get("/v1/admin/settings", summary="The province's process settings")
def get_settings() -> ProvinceSettings:
    return admin.settings(caller(), uncached())


@router.put("/v1/admin/settings", summary="Change the province's process settings")
def put_settings(body: ProvinceSettings) -> ProvinceSettings:
    return admin.put_settings(caller(), body, uncached())
