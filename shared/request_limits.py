"""What every API function refuses before routing, whatever its body format: a control character in the
path, and a path, query string or body larger than any request of ours needs.

The checks return a problem (status, code, messages) rather than a response, so the citizen APIs answer in
the one error shape and Open311 in the shape its specification requires.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# The longest legitimate path is an Open311 token or a report's photo (about 120 characters).
MAX_PATH = 2048
# Query strings carry filters and a signed cursor (a few hundred characters); Open311's id list is 100 ids.
MAX_QUERY = 8192
# Bodies are JSON or Open311 forms of bounded fields; the largest is an area's outline (at most 5,000
# vertices: about 500 KB pretty-printed). Photos never pass through the API (presigned POST to S3).
MAX_BODY = 1024 * 1024


@dataclass(frozen=True)
class Problem:
    status: int
    code: str
    message_vi: str
    message_en: str


NO_ROUTE = Problem(404, "no_route", "Không có địa chỉ này.", "No such endpoint.")
PATH_TOO_LONG = Problem(
    414, "path_too_long", "Địa chỉ quá dài.", f"The path is longer than {MAX_PATH} characters."
)
QUERY_TOO_LONG = Problem(
    414,
    "query_too_long",
    "Chuỗi truy vấn quá dài.",
    f"The query string is longer than {MAX_QUERY} characters.",
)
BODY_TOO_LARGE = Problem(
    413, "body_too_large", "Dữ liệu gửi lên quá lớn.", f"The request body is larger than {MAX_BODY} bytes."
)


def _query_length(event: Mapping[str, Any]) -> int:
    single = event.get("queryStringParameters") or {}
    multi = event.get("multiValueQueryStringParameters") or {}
    one = sum(len(str(k)) + len(str(v)) + 2 for k, v in single.items())
    many = sum(len(str(k)) + 2 + sum(len(str(v)) + 1 for v in vs or []) for k, vs in multi.items())
    return max(one, many)


def size_problem(event: Mapping[str, Any]) -> Problem | None:
    """The first reason to refuse the request before reading it, or None.

    A control character in the path is a 404: Powertools' route regexes end in `$`, which also matches
    before a trailing newline, so `/v1/reports/%0A` would otherwise be served as `/v1/reports`.
    """
    path = str(event.get("path") or "")
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in path):
        return NO_ROUTE
    if len(path) > MAX_PATH:
        return PATH_TOO_LONG
    if _query_length(event) > MAX_QUERY:
        return QUERY_TOO_LONG
    if len(str(event.get("body") or "")) > MAX_BODY * 4 // 3 + 4:  # base64 of MAX_BODY at most
        return BODY_TOO_LARGE
    if not event.get("isBase64Encoded") and len(str(event.get("body") or "").encode("utf-8")) > MAX_BODY:
        return BODY_TOO_LARGE
    return None
