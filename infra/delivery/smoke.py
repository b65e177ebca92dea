"""Smoke test of a deployed stage, run by the pipeline after each deploy.

Usage: `python -m infra.delivery.smoke <api url>`.

Standard library only (it runs in a bare build container). It checks what a citizen would try first:
the OpenAPI document (the whole API's), the map's areas, submitting a report, and reading it back without
the reporter's identity.
"""

from __future__ import annotations

import json
import sys
import urllib.request
from typing import Any

TIMEOUT_S = 15
REPORT = {
    "description": "Kiểm tra tự động sau triển khai (smoke test) — xin bỏ qua.",
    "location": {"lat": 9.1769, "lon": 105.1524, "address": "smoke test"},
    "channel": "web",
    "reporter": {"name": "Smoke Test"},
}


def call(method: str, url: str, body: Any = None) -> tuple[int, Any]:
    if not url.startswith(("https://", "http://")):
        raise ValueError(f"not an HTTP URL: {url}")
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"}
    request = urllib.request.Request(url, data=data, method=method, headers=headers)  # noqa: S310 - checked above
    with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310 - checked above
        return response.status, json.loads(response.read() or b"null")


def smoke(api_url: str) -> list[str]:
    """The failures found; empty when the stage is healthy."""
    failures: list[str] = []
    status, document = call("GET", f"{api_url}/v1/openapi.json")
    if status != 200 or not {"/v1/reports", "/v1/staff/reports"} <= set(document.get("paths", {})):
        failures.append(f"openapi.json: {status}, or not the whole API's")
    status, areas = call("GET", f"{api_url}/v1/areas")
    if status != 200 or areas.get("type") != "FeatureCollection":
        failures.append(f"GET /v1/areas: {status}")
    status, created = call("POST", f"{api_url}/v1/reports", REPORT)
    if status != 201 or not str(created.get("id", "")).startswith("PA-"):
        failures.append(f"POST /v1/reports: {status} {created}")
        return failures
    status, view = call("GET", f"{api_url}/v1/reports/{created['id']}")
    if status != 200 or "Smoke Test" in json.dumps(view, ensure_ascii=False):
        failures.append(f"GET /v1/reports/{{id}}: {status}, or the reporter's name leaked")
    return failures


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: python -m infra.delivery.smoke <api url>", file=sys.stderr)
        return 2
    failures = smoke(sys.argv[1].rstrip("/"))
    for failure in failures:
        print(f"FAIL {failure}", file=sys.stderr)
    print("smoke test passed" if not failures else "smoke test failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
