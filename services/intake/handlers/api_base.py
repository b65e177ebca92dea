"""The public base URL of this API, from the request itself (links in responses must be absolute)."""

from __future__ import annotations

from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent


def api_base(event: APIGatewayProxyEvent) -> str:
    headers = {k.lower(): v for k, v in (event.headers or {}).items()}
    host = headers.get("host", "localhost")
    scheme = headers.get("x-forwarded-proto", "http").split(",")[0].strip()
    context = event.request_context
    # On API Gateway's own domain the stage is part of the path; on a custom domain or locally it is not.
    on_execute_api = (context.domain_name or "").endswith(".amazonaws.com")
    stage = f"/{context.stage}" if on_execute_api and context.stage else ""
    return f"{scheme}://{host}{stage}"
