"""Zalo's OAuth token endpoint (`POST {ZALO_OAUTH_BASE}/v4/oa/access_token`, the app's secret key in the
`secret_key` header, a form body), and the Zalo secret read and written without the per-container cache."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import urllib3
from urllib3.exceptions import HTTPError

from shared.aws import client
from shared.config import get_settings

MAX_ANSWER_BYTES = 64 * 1024


class ZaloTokenEndpoint:
    def refresh(self, app_id: str, app_secret: str, refresh_token: str) -> dict[str, Any]:
        settings = get_settings()
        form = {"app_id": app_id, "refresh_token": refresh_token, "grant_type": "refresh_token"}
        try:
            response = urllib3.request(
                "POST",
                f"{settings.zalo_oauth_base.rstrip('/')}/v4/oa/access_token",
                body=urlencode(form),
                headers={"Content-Type": "application/x-www-form-urlencoded", "secret_key": app_secret},
                redirect=False,
                retries=False,
                timeout=urllib3.Timeout(total=settings.chat_send_timeout_s),
            )
            answer = json.loads(response.data[:MAX_ANSWER_BYTES] or b"{}")
        except (HTTPError, ValueError) as error:
            return {"error": type(error).__name__}
        return answer if isinstance(answer, dict) else {}


class ZaloSecret:
    def read(self) -> dict[str, str]:
        value = client("secretsmanager").get_secret_value(SecretId=get_settings().zalo_secret_id)
        keys = json.loads(value["SecretString"])
        return {k: v for k, v in keys.items() if isinstance(v, str)} if isinstance(keys, dict) else {}

    def write(self, keys: dict[str, str]) -> None:
        client("secretsmanager").put_secret_value(
            SecretId=get_settings().zalo_secret_id, SecretString=json.dumps(keys)
        )
