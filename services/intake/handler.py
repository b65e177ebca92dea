"""Intake API handler: parses the request, calls one logic function, maps errors. Nothing else."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Path
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from services.intake.logic.submit import submit_report
from services.intake.logic.track import public_report
from services.intake.models import PublicReport, SubmitReport, Submitted
from shared.directory import DirectoryRepository
from shared.http_errors import register_error_handlers
from shared.repository import ReportRepository

logger = Logger(service="intake")
tracer = Tracer(service="intake")
metrics = Metrics(namespace="PhanAnh", service="intake")
app = APIGatewayRestResolver(enable_validation=True)
register_error_handlers(app)

reports = ReportRepository()
directory = DirectoryRepository()


@app.post("/v1/reports", summary="Submit a field report")
def post_report(body: SubmitReport) -> Response[Submitted]:
    correlation_id = app.current_event.request_context.request_id
    report = submit_report(body, reports, directory, correlation_id)
    metrics.add_metric(name="ReportsSubmitted", unit=MetricUnit.Count, value=1)
    logger.info("report submitted", extra={"report_id": report.id, "channel": report.channel.value})
    out = Submitted(id=report.id, status=report.status, created_at=report.created_at)
    return Response(
        status_code=201,
        content_type=content_types.APPLICATION_JSON,
        body=out,
        headers={"Location": f"/v1/reports/{report.id}"},
    )


@app.get("/v1/reports/<report_id>", summary="A report as the public sees it")
def get_report(report_id: Annotated[str, Path(max_length=20)]) -> PublicReport:
    return public_report(report_id, reports)


@app.get("/v1/openapi.json", summary="This API's OpenAPI document", include_in_schema=False)
def openapi() -> Response[Any]:
    return Response(
        status_code=200,
        content_type=content_types.APPLICATION_JSON,
        body=app.get_openapi_json_schema(title="Phản ánh hiện trường — public API", version="1.0.0"),
    )


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler
@metrics.log_metrics
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
