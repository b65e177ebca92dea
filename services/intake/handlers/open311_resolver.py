"""Open311's resolver: the request limits every API shares, answered in Open311's error shape."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.utilities.typing import LambdaContext

from services.intake.logic.open311_render import Format, render_error
from shared.request_limits import size_problem


class Open311Resolver(APIGatewayRestResolver):
    """Checks the shared limits before routing, as `shared/api_resolver.ApiResolver` does for the JSON
    APIs; Open311 bodies are forms, so the JSON-only checks of that resolver do not apply here."""

    def resolve(self, event: Mapping[str, Any], context: LambdaContext) -> dict[str, Any]:
        problem = size_problem(event)
        if problem is None:
            return super().resolve(event, context)
        fmt: Format = "xml" if str(event.get("path") or "").endswith(".xml") else "json"
        content_type, body = render_error(problem.status, problem.message_en, fmt)
        return {"statusCode": problem.status, "headers": {"Content-Type": content_type}, "body": body}
