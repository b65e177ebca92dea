"""notify-api: agencies' webhook endpoints (admins) and the delivery log (agencies, operators)."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from services.notify.dal.delivery_log_table import DeliveriesTable
from services.notify.dal.environment import notify_settings
from services.notify.dal.webhook_endpoints_table import Endpoints
from services.notify.dal.webhook_http import resolve
from services.notify.logic import staff_requests
from services.notify.models import DeliveryLog, RegisterWebhook, WebhookCreated, WebhookRotated, Webhooks
from shared.api_resolver import api_resolver
from shared.auth import caller as caller_of
from shared.bounds import AsciiInt
from shared.cold_init import init_done
from shared.directory import DirectoryRepository
from shared.principal import Principal
from shared.repository import ReportRepository
from shared.tracing import TRACED_MODULES

logger = Logger(service="notify")
tracer = Tracer(service="notify", patch_modules=TRACED_MODULES)
app = api_resolver()
directory = DirectoryRepository()
reports = ReportRepository()
endpoints = Endpoints()
log = DeliveriesTable()

AgencyId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[a-z0-9-]+$")]
WebhookId = Annotated[str, Path(min_length=1, max_length=40, pattern=r"^ep_[0-9a-f]+$")]
Limit = Annotated[AsciiInt, Query(ge=1, le=200)]


def caller() -> Principal:
    return caller_of(app.current_event)


@app.post("/v1/admin/agencies/<id>/webhooks", summary="Register an agency's webhook endpoint (admins)")
def register(id: AgencyId, body: RegisterWebhook) -> Response[WebhookCreated]:
    settings = notify_settings()
    created = staff_requests.register_webhook(
        caller(),
        id,
        body.url,
        endpoints,
        directory,
        resolve,
        settings.local_webhooks,
        settings.refused_local_ports,
        settings.allowed_local_ports,
    )
    return Response(
        status_code=201,
        content_type=content_types.APPLICATION_JSON,
        body=created,
        headers={"Location": f"/v1/admin/agencies/{id}/webhooks/{created.id}", "Cache-Control": "no-store"},
    )


@app.get("/v1/admin/agencies/<id>/webhooks", summary="An agency's webhook endpoints (no secrets)")
def webhooks(id: AgencyId) -> Webhooks:
    return Webhooks(items=staff_requests.list_webhooks(caller(), id, endpoints, directory))


@app.post("/v1/admin/agencies/<id>/webhooks/<webhook_id>/rotate", summary="A new signing secret (admins)")
def rotate(id: AgencyId, webhook_id: WebhookId) -> Response[WebhookRotated]:
    rotated = staff_requests.rotate_secret(caller(), id, webhook_id, endpoints)
    return Response(
        status_code=200,
        content_type=content_types.APPLICATION_JSON,
        body=rotated,
        headers={"Cache-Control": "no-store"},
    )


@app.get("/v1/admin/agencies/<id>/deliveries", summary="The agency's delivery log, newest first")
def agency_deliveries(id: AgencyId, limit: Limit = 50) -> DeliveryLog:
    return DeliveryLog(items=staff_requests.agency_log(caller(), id, directory, log, limit))


@app.get("/v1/staff/deliveries", summary="A report's delivery log, newest first")
def report_deliveries(
    report_id: Annotated[str, Query(min_length=1, max_length=20)], limit: Limit = 50
) -> DeliveryLog:
    return DeliveryLog(items=staff_requests.report_log(caller(), report_id, reports, log, limit))


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)


init_done()  # last: the import is done, collection resumes (shared/cold_init.py)
