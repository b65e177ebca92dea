"""Reports: submit, the public feed, the public and the reporter's view, rating the answer."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Header, Path, Query
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from aws_lambda_powertools.metrics import MetricUnit

from services.intake.handlers.adapters import (
    directory,
    feed,
    keyed_submissions,
    photo_results,
    reports,
    uploads,
)
from services.intake.handlers.api_base import api_base
from services.intake.logic.feed_query import FeedQuery, public_feed
from services.intake.logic.rate import rate_answer
from services.intake.logic.submit import submit
from services.intake.logic.track import public_report, reporter_report
from services.intake.models import (
    FeedPage,
    PublicReport,
    RateAnswer,
    RatingOut,
    ReporterReport,
    SubmitReport,
    Submitted,
)
from shared.bounds import AsciiInt, BoundedDateTime
from shared.cursor_key import cursor_key
from shared.models import Status
from shared.page_cursor import MAX_CURSOR_CHARS

logger = Logger(child=True)
metrics = Metrics()
router = APIGatewayRouter()

ReportId = Annotated[str, Path(max_length=20)]
AccessToken = Annotated[str, Header(alias="X-Access-Token", min_length=1, max_length=100)]


@router.post("/v1/reports", summary="Submit a field report")
def post_report(
    body: SubmitReport,
    idempotency_key: Annotated[
        str | None, Header(alias="Idempotency-Key", min_length=1, max_length=255, pattern=r"^[\x21-\x7e]+$")
    ] = None,
) -> Response[Submitted]:
    correlation_id = router.current_event.request_context.request_id
    once = keyed_submissions.for_invocation(router.lambda_context)
    now = datetime.now(UTC)
    identity = router.current_event.request_context.identity
    client = f"{identity.source_ip}\n{identity.user_agent or ''}"
    out = submit(body, idempotency_key, reports, directory, uploads, once, correlation_id, now, client)
    metrics.add_metric(name="ReportsSubmitted", unit=MetricUnit.Count, value=1)
    logger.info("report submitted", extra={"report_id": out.id, "channel": body.channel})
    return Response(
        status_code=201,
        content_type=content_types.APPLICATION_JSON,
        body=out,
        headers={"Location": f"/v1/reports/{out.id}"},
    )


@router.get("/v1/reports", summary="The public feed, newest first")
def get_feed(
    status: Annotated[Status | None, Query()] = None,
    category: Annotated[str | None, Query(max_length=40)] = None,
    area: Annotated[str | None, Query(max_length=40)] = None,
    since: Annotated[BoundedDateTime | None, Query()] = None,
    bbox: Annotated[str | None, Query(max_length=100, description="min_lon,min_lat,max_lon,max_lat")] = None,
    q: Annotated[str | None, Query(max_length=200, description="Words to find; diacritics ignored")] = None,
    limit: Annotated[AsciiInt, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=MAX_CURSOR_CHARS)] = None,
) -> FeedPage:
    query = FeedQuery(
        status=status, category=category, area=area, since=since, bbox=bbox, q=q, limit=limit, cursor=cursor
    )
    return public_feed(query, feed, cursor_key())


@router.get(
    "/v1/reports/<report_id>", summary="A report: the public view, or the reporter's with X-Access-Token"
)
def get_report(
    report_id: ReportId,
    access_token: Annotated[str | None, Header(alias="X-Access-Token", max_length=100)] = None,
) -> PublicReport | ReporterReport:
    base = api_base()
    if access_token:
        return reporter_report(report_id, access_token, reports, photo_results, base)
    return public_report(report_id, reports, photo_results, base)


@router.post("/v1/reports/<report_id>/rating", summary="Rate the published answer (reporter only)")
def post_rating(report_id: ReportId, body: RateAnswer, access_token: AccessToken) -> Response[RatingOut]:
    correlation_id = router.current_event.request_context.request_id
    rating = rate_answer(report_id, access_token, body, reports, correlation_id, datetime.now(UTC))
    metrics.add_metric(name="AnswersRated", unit=MetricUnit.Count, value=1)
    return Response(status_code=201, content_type=content_types.APPLICATION_JSON, body=rating)
