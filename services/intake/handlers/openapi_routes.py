"""The OpenAPI document of the whole API (every function's routes), as committed in shared/openapi.json."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from services.intake.handlers.api_base import api_base
from shared.api_document import api_document

router = APIGatewayRouter()


@router.get("/v1/openapi.json", summary="This API's OpenAPI document: every route of every function")
def get_openapi() -> Response[dict[str, Any]]:
    document = api_document(api_base())
    return Response(
        status_code=200,
        content_type=content_types.APPLICATION_JSON,
        body=document,
        headers={"Cache-Control": "public, max-age=300"},
    )
