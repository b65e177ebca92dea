"""One error shape for every API: {"error": {"code", "message_vi", "message_en", "fields"?}}.

Handlers register these once; a bad input is always a 4xx with a message in both languages, and an
unexpected failure is a bare 500 without a stack trace (the trace goes to the log, not the client).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Mapping
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response, content_types
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
)

from shared.bounds import MAX_JSON_DEPTH, json_depth_exceeds
from shared.errors import (
    Conflict,
    Forbidden,
    IllegalTransition,
    InvalidInput,
    NotFound,
    Unauthorized,
    Unavailable,
)
from shared.request_limits import size_problem

logger = Logger(child=True)


def error_response(status: int, code: str, message_vi: str, message_en: str, **extra: Any) -> Response[str]:
    body: dict[str, Any] = {"code": code, "message_vi": message_vi, "message_en": message_en, **extra}
    return Response(
        status_code=status,
        content_type=content_types.APPLICATION_JSON,
        body=json.dumps({"error": body}, ensure_ascii=False),
    )


JSON_TYPES = ("application/json", "")


def unsupported_media_type() -> Response[str]:
    return error_response(
        415,
        "unsupported_media_type",
        "Chỉ nhận dữ liệu JSON (Content-Type: application/json).",
        "Only JSON bodies are accepted (Content-Type: application/json).",
    )


def _as_result(response: Response[str]) -> dict[str, Any]:
    return {
        "statusCode": response.status_code,
        "headers": {"Content-Type": "application/json; charset=utf-8"},
        "body": response.body,
        "isBase64Encoded": False,
    }


def _body_text(event: Mapping[str, Any]) -> str:
    body = str(event.get("body") or "")
    if event.get("isBase64Encoded"):
        try:
            return base64.b64decode(body, validate=False).decode("utf-8", errors="replace")
        except ValueError:
            return ""
    return body


def _too_deep() -> Response[str]:
    return error_response(
        400,
        "too_deep",
        f"Dữ liệu JSON lồng nhau quá {MAX_JSON_DEPTH} cấp.",
        f"The JSON body nests deeper than {MAX_JSON_DEPTH} levels.",
    )


def request_guard(event: Mapping[str, Any]) -> dict[str, Any] | None:
    """An answer for requests the resolver would mishandle, before it sees them; None to go on.

    - The limits every API shares (`shared/request_limits.py`): control characters in the path, and
      the sizes of path, query string and body.
    - A body that is not JSON: Powertools' validation parses form and multipart bodies itself, and a
      malformed one (a multipart without boundary) escapes as a bare ValueError. These APIs take JSON: 415.
    - A JSON body nested deeper than any model of ours: the json module recurses until RecursionError. 400.
    """
    problem = size_problem(event)
    if problem is not None:
        return _as_result(
            error_response(problem.status, problem.code, problem.message_vi, problem.message_en)
        )
    if not event.get("body"):
        return None
    headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
    media_type = str(headers.get("content-type", "")).split(";")[0].strip().lower()
    if media_type not in JSON_TYPES and not media_type.endswith("+json"):
        return _as_result(unsupported_media_type())
    if json_depth_exceeds(_body_text(event)):
        return _as_result(_too_deep())
    return None


def _field_name(loc: tuple[Any, ...] | list[Any]) -> str:
    # Powertools prefixes the location ("body", "query", "path"); clients know fields by their own names.
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header"}:
        parts = parts[1:]
    return ".".join(parts) or "body"


def _invalid(error: RequestValidationError) -> Response[str]:
    fields = {_field_name(e.get("loc", ())): e.get("msg", "invalid") for e in error.errors()}
    return error_response(
        422,
        "validation_error",
        "Dữ liệu gửi lên không hợp lệ, vui lòng kiểm tra các trường được nêu.",
        "The request is not valid; check the fields listed.",
        fields=fields,
    )


def _unsupported(_: RequestUnsupportedContentType) -> Response[str]:
    return unsupported_media_type()


def _unacceptable(error: InvalidInput) -> Response[str]:
    return error_response(422, error.code, error.message_vi, error.message_en, fields=error.fields)


def _unauthorized(error: Unauthorized) -> Response[str]:
    response = error_response(401, error.code, error.message_vi, error.message_en)
    response.headers["WWW-Authenticate"] = "Bearer"
    return response


def _unavailable(error: Unavailable) -> Response[str]:
    response = error_response(503, error.code, error.message_vi, error.message_en)
    response.headers["Retry-After"] = "1"
    return response


def _forbidden(error: Forbidden) -> Response[str]:
    return error_response(403, error.code, error.message_vi, error.message_en)


def _not_found(error: NotFound) -> Response[str]:
    return error_response(404, error.code, error.message_vi, error.message_en)


def _illegal(error: IllegalTransition) -> Response[str]:
    return error_response(409, error.code, error.message_vi, error.message_en, allowed=error.allowed)


def _conflict(error: Conflict) -> Response[str]:
    return error_response(409, error.code, error.message_vi, error.message_en)


def _no_route(_: NotFoundError) -> Response[str]:
    return error_response(404, "no_route", "Không có địa chỉ này.", "No such endpoint.")


def _unexpected(_: Exception) -> Response[str]:
    logger.exception("unhandled error")
    return error_response(
        500,
        "internal_error",
        "Hệ thống gặp lỗi, vui lòng thử lại sau.",
        "Internal error; please try again.",
    )


# The resolver picks a handler by the raised exception's class (nearest in its MRO), so order is irrelevant.
# NotFoundError is the resolver's own "no route matched" (what `app.not_found` registers).
_HANDLERS: dict[type[Exception], Callable[[Any], Response[str]]] = {
    RequestValidationError: _invalid,
    RequestUnsupportedContentType: _unsupported,
    InvalidInput: _unacceptable,
    Unauthorized: _unauthorized,
    Unavailable: _unavailable,
    Forbidden: _forbidden,
    NotFound: _not_found,
    IllegalTransition: _illegal,
    Conflict: _conflict,
    NotFoundError: _no_route,
    Exception: _unexpected,
}


def register_error_handlers(app: APIGatewayRestResolver) -> None:
    for error_class, handler in _HANDLERS.items():
        app.exception_handler(error_class)(handler)
