"""CORS on the API's own answers, for the web app on its own origin (the cloud's CloudFront address).

API Gateway answers the preflight (OPTIONS) itself, but with a proxy integration the answer to the request
that follows is the function's: without Access-Control-Allow-Origin on it, the browser hides it from the
app, errors included. The origin comes from WEB_ORIGIN (set by CDK on API functions); where it is unset
(the local run serves the app on the API's own origin) no CORS header is added.
"""

from __future__ import annotations

import os

from aws_lambda_powertools.event_handler import CORSConfig

WEB_ORIGIN_ENV = "WEB_ORIGIN"
# What the app sends besides JSON: a staff token and the citizen API's own headers (as API Gateway allows).
ALLOW_HEADERS = ["Content-Type", "Authorization", "Idempotency-Key", "X-Access-Token"]
# What the app may read besides the body: where a created resource lives.
EXPOSE_HEADERS = ["Location"]


def web_cors() -> CORSConfig | None:
    origin = os.environ.get(WEB_ORIGIN_ENV)
    if not origin:
        return None
    return CORSConfig(allow_origin=origin, allow_headers=ALLOW_HEADERS, expose_headers=EXPOSE_HEADERS)
