"""The chat channels on the local run: the fake platforms started, their keys created in the emulator's
Secrets Manager (as CDK creates them in the cloud), and what outputs.json says about them."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import boto3

from infra.local.chat_platforms import FakePlatform, messenger, zalo_oa
from infra.topology import Topology


@dataclass
class LocalChat:
    zalo: FakePlatform
    messenger: FakePlatform
    zalo_keys: dict[str, str]
    messenger_keys: dict[str, str]
    env: dict[str, str]

    def outputs(self, api_url: str) -> dict[str, Any]:
        return {
            "zalo_webhook_url": f"{api_url}/v1/channels/zalo",
            "zalo_app_id": self.zalo_keys["app_id"],
            "zalo_oa_secret": self.zalo_keys["oa_secret"],
            "zalo_outbox_url": self.zalo.outbox_url,
            "zalo_media_url": f"{self.zalo.url}/media/demo.jpg",
            "messenger_webhook_url": f"{api_url}/v1/channels/messenger",
            "messenger_app_secret": self.messenger_keys["app_secret"],
            "messenger_verify_token": self.messenger_keys["verify_token"],
            "messenger_outbox_url": self.messenger.outbox_url,
        }

    def stop(self) -> None:
        self.zalo.stop()
        self.messenger.stop()


def _keys() -> tuple[dict[str, str], dict[str, str]]:
    zalo = {
        "app_id": str(secrets.randbelow(9 * 10**18) + 10**18),
        "oa_secret": secrets.token_urlsafe(24),
        "access_token": secrets.token_urlsafe(32),
        "refresh_token": secrets.token_urlsafe(32),
        "app_secret": secrets.token_urlsafe(24),
        "refreshed_at": datetime.now(UTC).isoformat(),  # fresh: the refresher waits 20 hours
    }
    facebook = {
        "app_secret": secrets.token_hex(16),
        "verify_token": secrets.token_urlsafe(16),
        "page_token": secrets.token_urlsafe(32),
    }
    return zalo, facebook


def start_chat(session: boto3.Session, topology: Topology) -> LocalChat:
    zalo_keys, messenger_keys = _keys()
    chat = LocalChat(zalo_oa(), messenger(), zalo_keys, messenger_keys, {})
    chat.zalo.token, chat.messenger.token = zalo_keys["access_token"], messenger_keys["page_token"]
    chat.zalo.refresh_token, chat.zalo.app_secret = zalo_keys["refresh_token"], zalo_keys["app_secret"]
    chat.zalo.start()
    chat.messenger.start()
    manager = session.client("secretsmanager")
    values = {"zalo": zalo_keys, "messenger": messenger_keys}
    for secret in topology.secrets:
        name = f"{topology.app}/{secret.name}"
        manager.create_secret(Name=name, SecretString=json.dumps(values[secret.name]))
        chat.env[secret.env] = name
    chat.env.update(
        ZALO_API_BASE=chat.zalo.url, ZALO_OAUTH_BASE=chat.zalo.url, MESSENGER_API_BASE=chat.messenger.url
    )
    return chat
