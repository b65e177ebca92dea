"""Staff API handler: who is signed in, case work (`case_routes`) and the directory (`directory_routes`)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from services.routing.handlers import case_routes, directory_routes
from services.routing.logic.agency_choices import agency_choices, agency_names
from services.routing.models.staff import AgencyChoices, AgencyNames, Me
from shared.api_resolver import api_resolver
from shared.auth import caller as caller_of
from shared.cold_init import init_done
from shared.principal import Principal
from shared.tracing import TRACED_MODULES

logger = Logger(service="routing")
tracer = Tracer(service="routing", patch_modules=TRACED_MODULES)
app = api_resolver()
app.include_router(case_routes.router)
app.include_router(directory_routes.router)


def caller() -> Principal:
    return caller_of(app.current_event)


@app.get("/v1/staff/me", summary="The signed-in staff member and their roles")
def me() -> Me:
    principal = caller()
    return Me(username=principal.username, groups=sorted(principal.groups), agency_id=principal.agency_id)


@app.get("/v1/staff/agencies", summary="The agencies to pick from (operations centre, leaders, admins)")
def agencies() -> AgencyChoices:
    return agency_choices(caller(), case_routes.directory)


@app.get("/v1/staff/agency-names", summary="Every agency's id and name (any staff member)")
def names() -> AgencyNames:
    return agency_names(caller(), case_routes.directory)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)


init_done()  # last: the import is done, collection resumes (shared/cold_init.py)
