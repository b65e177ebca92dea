"""Open311 GeoReport v2 handler: routes parse the path and form, call one function, render JSON or XML."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from services.intake.handlers.adapters import api_keys, directory, feed, photo_results, reports, uploads
from services.intake.handlers.api_base import api_base
from services.intake.handlers.open311_resolver import Open311Resolver
from services.intake.logic.open311_discovery import discovery
from services.intake.logic.open311_errors import Open311Error, not_found
from services.intake.logic.open311_render import Format, render, render_error, split_format
from services.intake.logic.open311_requests import Stores, find_requests, one_request, token_lookup
from services.intake.logic.open311_services import list_services, service_definition
from services.intake.logic.open311_submit import create_request
from shared.cold_init import init_done
from shared.errors import DomainError, Forbidden, InvalidInput, NotFound
from shared.tracing import TRACED_MODULES

logger = Logger(service="intake")
tracer = Tracer(service="intake", patch_modules=TRACED_MODULES)
app = Open311Resolver()
stores = Stores(reports, feed, directory, photo_results)
PREFIX = "/open311/v2"
INCOMPLETE = "X-Results-Incomplete"  # Open311 has no paging envelope: a page the read budget cut says so


def _reply(data: Any, root: str, fmt: Format) -> Response[str]:
    content_type, body = render(data, root, fmt)
    return Response(status_code=200, content_type=content_type, body=body)


def _error(status: int, description: str) -> Response[str]:
    content_type, body = render_error(status, description, _error_format())
    return Response(status_code=status, content_type=content_type, body=body)


def _fmt(name: str) -> tuple[str, Format]:
    try:
        return split_format(name)
    except ValueError as error:
        raise not_found("append .json or .xml to choose the format") from error


def _params() -> dict[str, str]:
    return dict(app.current_event.query_string_parameters or {})


@app.get(f"{PREFIX}/discovery.json")
@app.get(f"{PREFIX}/discovery.xml")
def get_discovery() -> Response[str]:
    _, fmt = _fmt(app.current_event.path)
    return _reply(discovery(api_base()), "discovery", fmt)


@app.get(f"{PREFIX}/services.json")
@app.get(f"{PREFIX}/services.xml")
def get_services() -> Response[str]:
    _, fmt = _fmt(app.current_event.path)
    return _reply(list_services(directory), "services", fmt)


@app.get(f"{PREFIX}/services/<service_code>")
def get_service(service_code: str) -> Response[str]:
    code, fmt = _fmt(service_code)
    return _reply(service_definition(code, directory), "service_definition", fmt)


@app.get(f"{PREFIX}/requests.json")
@app.get(f"{PREFIX}/requests.xml")
def get_requests() -> Response[str]:
    _, fmt = _fmt(app.current_event.path)
    found = find_requests(_params(), stores, api_base())
    reply = _reply(found.requests, "service_requests", fmt)
    if found.incomplete:
        reply.headers[INCOMPLETE] = found.incomplete
    return reply


@app.post(f"{PREFIX}/requests.json")
@app.post(f"{PREFIX}/requests.xml")
def post_request() -> Response[str]:
    _, fmt = _fmt(app.current_event.path)
    body, correlation_id = app.current_event.decoded_body or "", app.current_event.request_context.request_id
    now = datetime.now(UTC)
    created, client = create_request(body, api_keys, reports, directory, uploads, correlation_id, now)
    logger.info(
        "open311 request created", extra={"report_id": created[0]["service_request_id"], "client": client}
    )
    return _reply(created, "service_requests", fmt)


@app.get(f"{PREFIX}/requests/<request_id>")
def get_request(request_id: str) -> Response[str]:
    raw_id, fmt = _fmt(request_id)
    extensions = _params().get("extensions", "").lower() == "true"
    return _reply(one_request(raw_id, stores, api_base(), extensions), "service_requests", fmt)


@app.get(f"{PREFIX}/tokens/<token>")
def get_token(token: str) -> Response[str]:
    raw, fmt = _fmt(token)
    return _reply(token_lookup(raw, stores), "service_requests", fmt)


# Errors follow the spec (an array of {code, description}; 403 bad api_key, 404 unknown, 400 otherwise),
# in the format the path asked for, never the citizen API's error shape.
def _error_format() -> Format:
    return "xml" if app.current_event.path.rpartition(".")[2] == "xml" else "json"


@app.exception_handler(Open311Error)
def open311_error(error: Open311Error) -> Response[str]:
    return _error(error.status, error.description)


@app.exception_handler(DomainError)
def domain_error(error: DomainError) -> Response[str]:
    status = 403 if isinstance(error, Forbidden) else 404 if isinstance(error, NotFound) else 400
    description = error.message_en
    if isinstance(error, InvalidInput):
        description += " " + "; ".join(f"{field}: {problem}" for field, problem in error.fields.items())
    return _error(status, description)


@app.not_found
def no_route(_: NotFoundError) -> Response[str]:
    return _error(404, "no such Open311 endpoint")


@app.exception_handler(Exception)
def unexpected(_: Exception) -> Response[str]:
    logger.exception("unhandled error")
    return _error(500, "internal error; please try again")


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)


init_done()  # last: the import is done, collection resumes (shared/cold_init.py)
