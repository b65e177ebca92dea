"""The resolver every API function of ours starts from: request validation against its pydantic models,
CORS for the web app's origin, and errors in the one shape (`shared/http_errors.py`)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import APIGatewayRestResolver

from shared.cors import web_cors
from shared.http_errors import register_error_handlers


def api_resolver() -> APIGatewayRestResolver:
    app = APIGatewayRestResolver(enable_validation=True, cors=web_cors())
    register_error_handlers(app)
    return app
