"""The resolver every API function of ours starts from: request validation against its pydantic models,
CORS for the web app's origin, errors in the one shape (`shared/http_errors.py`), and the request guard
run on every event before routing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.utilities.typing import LambdaContext

from shared.cors import web_cors
from shared.http_errors import register_error_handlers, request_guard


class GuardedResolver(APIGatewayRestResolver):
    """Answers what the guard refuses (control characters in the path, non-JSON or too deep bodies) itself,
    so no API function can forget to call it."""

    def resolve(self, event: Mapping[str, Any], context: LambdaContext) -> dict[str, Any]:
        return request_guard(event) or super().resolve(event, context)


def api_resolver() -> APIGatewayRestResolver:
    app = GuardedResolver(enable_validation=True, cors=web_cors())
    register_error_handlers(app)
    return app
