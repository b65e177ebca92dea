"""POSTs JSON to a chat platform's send API (base addresses are settings: the platforms in the cloud,
the local runner's fakes on loopback) and reads a bounded JSON answer."""

from __future__ import annotations

import json
from typing import Any

import urllib3
from urllib3.exceptions import HTTPError

from shared.chat_send.refused import ChatRefused

MAX_ANSWER_BYTES = 64 * 1024
_http = urllib3.PoolManager(retries=False)


def post_json(
    url: str, body: dict[str, Any], headers: dict[str, str], timeout_s: float
) -> tuple[int, dict[str, Any]]:
    """The status and the JSON object answered ({} when it is not one); ChatRefused when unreachable."""
    try:
        response = _http.request(
            "POST",
            url,
            body=json.dumps(body, ensure_ascii=False).encode(),
            headers={"Content-Type": "application/json", **headers},
            redirect=False,
            timeout=urllib3.Timeout(total=timeout_s),
            preload_content=False,
        )
        try:
            data = response.read(MAX_ANSWER_BYTES)
        finally:
            response.release_conn()
    except HTTPError as error:
        raise ChatRefused(type(error).__name__) from None
    try:
        answer = json.loads(data)
    except ValueError:
        answer = {}
    return response.status, answer if isinstance(answer, dict) else {}
