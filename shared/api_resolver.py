"""The resolver every API function of ours starts from: request validation against its pydantic models,
CORS for the web app's origin, errors in the one shape (`shared/http_errors.py`), the request guard run on
every event before routing, and JSON sent as UTF-8.

People read these bodies (Vietnamese names, descriptions, answers): JSON is written as UTF-8 rather than
`\\uXXXX` escapes, and says so in its media type (`application/json; charset=utf-8`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import partial
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.shared.json_encoder import Encoder
from aws_lambda_powertools.utilities.typing import LambdaContext

from shared.cors import web_cors
from shared.http_errors import register_error_handlers, request_guard

JSON_UTF8 = "application/json; charset=utf-8"


def with_charset(result: dict[str, Any]) -> dict[str, Any]:
    """The Lambda proxy result with a bare `application/json` media type given its charset."""
    for key in ("headers", "multiValueHeaders"):
        headers = result.get(key) or {}
        for name, value in headers.items():
            if name.lower() != "content-type":
                continue
            if isinstance(value, list):
                headers[name] = [JSON_UTF8 if v == "application/json" else v for v in value]
            elif value == "application/json":
                headers[name] = JSON_UTF8
    return result


class ApiResolver(APIGatewayRestResolver):
    """Powertools' REST resolver that answers what the guard refuses (control characters in the path,
    non-JSON or too deep bodies) itself, so no API function can forget to call it, and whose JSON is
    labelled UTF-8.

    Powertools serialises with `json.dumps` defaults (ASCII escapes) and labels JSON without a charset;
    its serializer is a constructor argument, the label is fixed, so the result's header is set here.
    """

    def resolve(self, event: Mapping[str, Any], context: LambdaContext) -> dict[str, Any]:
        return with_charset(request_guard(event) or super().resolve(event, context))


def utf8_serializer() -> Any:
    return partial(json.dumps, separators=(",", ":"), cls=Encoder, ensure_ascii=False)


def api_resolver() -> APIGatewayRestResolver:
    app = ApiResolver(enable_validation=True, cors=web_cors(), serializer=utf8_serializer())
    register_error_handlers(app)
    return app
