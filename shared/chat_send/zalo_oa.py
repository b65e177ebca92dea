"""Zalo OA customer-service messages: `POST {base}/v3.0/oa/message/cs` with the OA access token."""

from __future__ import annotations

from shared.chat_secrets import chat_secret, forget
from shared.chat_send.post_json import post_json
from shared.chat_send.refused import ChatRefused
from shared.config import get_settings

MAX_TEXT = 2000


def send_zalo(user_id: str, text: str) -> str:
    """Sends the text to the OA follower; the platform's message id. ChatRefused on any error."""
    settings = get_settings()
    token = chat_secret("zalo").get("access_token", "")
    status, answer = post_json(
        f"{settings.zalo_api_base.rstrip('/')}/v3.0/oa/message/cs",
        {"recipient": {"user_id": user_id}, "message": {"text": text[:MAX_TEXT]}},
        {"access_token": token},
        settings.chat_send_timeout_s,
    )
    if status != 200 or answer.get("error") != 0:
        forget()  # a refreshed access token is read again from the secret on the next try
        raise ChatRefused(f"zalo: HTTP {status}, error {answer.get('error')!s:.20}")
    data = answer.get("data")
    return str(data.get("message_id", "")) if isinstance(data, dict) else ""
