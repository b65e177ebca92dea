"""API Gateway's own refusals in the API's one error shape, readable by the web app.

When API Gateway answers by itself (the Cognito authorizer refuses a token, the stage throttles, no route
matches, the WAF blocks), the function never runs: without these gateway responses the body would be
`{"message": ...}` and, lacking Access-Control-Allow-Origin, hidden from the browser altogether.
"""

from __future__ import annotations

import json

from aws_cdk import aws_apigateway as apigw

ResponseType = apigw.ResponseType

# name → (the refusal, its status (None: API Gateway's own), code, Vietnamese, English)
REFUSALS: dict[str, tuple[ResponseType, str | None, str, str, str]] = {
    "Unauthorized": (
        ResponseType.UNAUTHORIZED,
        "401",
        "unauthorized",
        "Cần đăng nhập: mã đăng nhập thiếu hoặc đã hết hạn.",
        "Sign-in required: the token is missing or expired.",
    ),
    "AccessDenied": (
        ResponseType.ACCESS_DENIED,
        "403",
        "forbidden",
        "Không có quyền thực hiện yêu cầu này.",
        "Not allowed.",
    ),
    "NoRoute": (
        # REST APIs answer an unknown path or method with 403 "Missing Authentication Token".
        ResponseType.MISSING_AUTHENTICATION_TOKEN,
        "404",
        "no_route",
        "Không có địa chỉ này.",
        "No such endpoint.",
    ),
    "Throttled": (
        ResponseType.THROTTLED,
        "429",
        "throttled",
        "Hệ thống đang quá tải, vui lòng thử lại sau ít phút.",
        "Too many requests; please try again in a few minutes.",
    ),
    "WafFiltered": (
        ResponseType.WAF_FILTERED,
        "403",
        "blocked",
        "Yêu cầu bị chặn, vui lòng thử lại sau.",
        "The request was blocked; please try again later.",
    ),
    "Default4xx": (
        ResponseType.DEFAULT_4_XX,
        None,
        "request_refused",
        "Yêu cầu không được chấp nhận.",
        "The request was refused.",
    ),
    "Default5xx": (
        ResponseType.DEFAULT_5_XX,
        None,
        "internal_error",
        "Hệ thống gặp lỗi, vui lòng thử lại sau.",
        "Internal error; please try again.",
    ),
}


def error_body(code: str, message_vi: str, message_en: str) -> str:
    return json.dumps(
        {"error": {"code": code, "message_vi": message_vi, "message_en": message_en}}, ensure_ascii=False
    )


def answer_refusals_in_one_shape(rest_api: apigw.RestApi, web_origin: str) -> None:
    headers = {"Access-Control-Allow-Origin": f"'{web_origin}'", "Vary": "'Origin'"}
    for name, (kind, status, code, message_vi, message_en) in REFUSALS.items():
        rest_api.add_gateway_response(
            name,
            type=kind,
            status_code=status,
            response_headers=headers,
            templates={"application/json": error_body(code, message_vi, message_en)},
        )
