"""The communes and wards with their outlines (GeoJSON), for the base map of the web app."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from services.intake.handlers.adapters import directory
from services.intake.logic.areas import AreaCollection, area_outlines

router = APIGatewayRouter()
# Outlines change when an admin redraws one: rarely. Five minutes of staleness spares the directory.
CACHE_CONTROL = "public, max-age=300"


@router.get("/v1/areas", summary="Communes and wards with their outlines, as a GeoJSON FeatureCollection")
def get_areas() -> Response[AreaCollection]:
    return Response(
        status_code=200,
        content_type=content_types.APPLICATION_JSON,
        body=area_outlines(directory),
        headers={"Cache-Control": CACHE_CONTROL},
    )
