"""A WSGI app in front of a topology function's handler: the same API Gateway proxy events the local
runner builds, without sockets. Lets schemathesis call the intake API in-process."""

from __future__ import annotations

import base64
import importlib
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from infra.local.api_server import Router, proxy_event
from infra.local.invoker import LocalContext
from infra.topology import TOPOLOGY

REGION = "ap-southeast-1"


def wsgi_app(function_name: str) -> Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]:
    spec = TOPOLOGY.function(function_name)
    module, attribute = spec.handler.rsplit(".", 1)
    handler = getattr(importlib.import_module(module), attribute)
    router = Router([(route, handler) for route in spec.routes])

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "/")
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        headers = {
            key[5:].replace("_", "-").title(): value
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        if environ.get("CONTENT_TYPE"):
            headers["Content-Type"] = environ["CONTENT_TYPE"]
        found = router.match(method, path)
        if found is None:
            start_response("404 Not Found", [("Content-Type", "application/json")])
            return [b'{"error": {"code": "no_route"}}']
        route, params, _ = found
        event = proxy_event(method, route, path, params, environ.get("QUERY_STRING", ""), headers, body)
        context = LocalContext(
            function_name=function_name, timeout_s=30, memory_limit_in_mb=512, region=REGION
        )
        result = handler(event, context)
        status = int(result["statusCode"])
        out_headers = dict(result.get("headers") or {})
        for key, values in (result.get("multiValueHeaders") or {}).items():
            out_headers[key] = ", ".join(values)
        payload = result.get("body") or ""
        data = base64.b64decode(payload) if result.get("isBase64Encoded") else payload.encode()
        start_response(f"{status} {HTTPStatus(status).phrase}", list(out_headers.items()))
        return [data]

    return app
