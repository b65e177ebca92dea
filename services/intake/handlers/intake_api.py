"""Intake API handler: assembles the routers (*_routes.py) and maps errors."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from services.intake.handlers import area_routes, category_routes, openapi_routes, photo_routes, report_routes
from shared.api_resolver import api_resolver
from shared.cold_init import init_done
from shared.tracing import TRACED_MODULES

logger = Logger(service="intake")
tracer = Tracer(service="intake", patch_modules=TRACED_MODULES)
metrics = Metrics(namespace="PhanAnh", service="intake")
app = api_resolver()
for module in (report_routes, photo_routes, category_routes, area_routes, openapi_routes):
    app.include_router(module.router)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler
@metrics.log_metrics
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)


init_done()  # last: the import is done, collection resumes (shared/cold_init.py)
