"""stats-api: public figures (JSON or CSV) and the leaders' drill-down. Parses and delegates only.
`period` is YYYY, YYYY-MM (default: the current month) or YYYY-MM-DD, in Vietnam's time."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from services.sla.dal.stats_table import StatsRepository
from services.sla.logic.figures import to_csv
from services.sla.logic.stats_read import (
    FIGURE_PATTERN,
    MONTH_PATTERN,
    PERIOD_PATTERN,
    drill_down,
    read_stats,
)
from services.sla.models import DrillDown, Stats
from shared.api_resolver import api_resolver
from shared.auth import caller as caller_of
from shared.bounds import AsciiInt
from shared.cold_init import init_done
from shared.directory import DirectoryRepository
from shared.errors import Forbidden
from shared.header_value import header_value
from shared.timezone import VIETNAM
from shared.tracing import TRACED_MODULES

logger = Logger(service="sla")
tracer = Tracer(service="sla", patch_modules=TRACED_MODULES)
app = api_resolver()

store = StatsRepository()
directory = DirectoryRepository()

Period = Annotated[str | None, Query(pattern=PERIOD_PATTERN, description="YYYY, YYYY-MM or YYYY-MM-DD")]
Format = Annotated[Literal["json", "csv"], Query()]
# The figures as JSON, or as a spreadsheet with format=csv: both media types are declared for clients.
FIGURES: dict[int, OpenAPIResponse] = {
    200: {
        "description": "The figures as JSON, or as a CSV file with format=csv",
        "content": {"application/json": {"model": Stats}, "text/csv": {"schema": {"type": "string"}}},
    }
}
Dimension = Annotated[str | None, Query(max_length=60, pattern=r"^[A-Za-z0-9_\-]+$")]


def _this_month() -> str:
    return datetime.now(UTC).astimezone(VIETNAM).strftime("%Y-%m")


def _answer(result: Stats, format: str) -> Response[Stats | str]:
    if format == "csv":
        return Response(
            status_code=200,
            content_type="text/csv; charset=utf-8",
            body=to_csv(result),
            headers={
                "Content-Disposition": header_value(
                    f'attachment; filename="phananh-stats-{result.period}.csv"'
                )
            },
        )
    return Response(status_code=200, content_type=content_types.APPLICATION_JSON, body=result)


def _leader() -> None:
    principal = caller_of(app.current_event)
    if not principal.is_leader:
        raise Forbidden(
            "Chỉ lãnh đạo được xem số liệu chi tiết.", "Only leaders may see the detailed figures."
        )


@app.get(
    "/v1/stats", summary="Public figures for a period (add format=csv for a CSV file)", responses=FIGURES
)
def public_stats(period: Period = None, format: Format = "json") -> Response[Stats | str]:
    return _answer(read_stats(period or _this_month(), store, directory), format)


@app.get("/v1/staff/stats", summary="Leaders: the figures for a period", responses=FIGURES)
def leader_stats(period: Period = None, format: Format = "json") -> Response[Stats | str]:
    _leader()
    return _answer(read_stats(period or _this_month(), store, directory), format)


@app.get("/v1/staff/stats/reports", summary="Leaders: the reports behind a figure")
def leader_drill_down(
    month: Annotated[str | None, Query(pattern=MONTH_PATTERN)] = None,
    agency: Dimension = None,
    category: Dimension = None,
    area: Dimension = None,
    figure: Annotated[str | None, Query(pattern=FIGURE_PATTERN)] = None,
    limit: Annotated[AsciiInt, Query(ge=1, le=500)] = 200,
) -> DrillDown:
    _leader()
    return drill_down(
        month or _this_month(),
        store,
        figure,
        limit,
        directory=directory,
        agency=agency or "",
        category=category or "",
        area=area or "",
    )


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)


init_done()  # last: the import is done, collection resumes (shared/cold_init.py)
