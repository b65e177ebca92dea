"""API keys of client applications (Open311 clients), kept in the directory table, hashed.

    pk = APIKEY   sk = <SHA-256 of the key>   client, created_at

Only the hash is stored: a leaked table does not leak usable keys. A key is looked up by its hash, so
there is nothing to compare in variable time.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime

from shared.aws import table
from shared.config import get_settings

PK = "APIKEY"


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiKeyRepository:
    def __init__(self, table_name: str | None = None) -> None:
        self.table_name = table_name or get_settings().directory_table

    def issue(self, client: str) -> str:
        """A new key for `client`, returned once; only its hash is kept."""
        key = secrets.token_urlsafe(32)
        table(self.table_name).put_item(
            Item={
                "pk": PK,
                "sk": key_hash(key),
                "client": client,
                "created_at": datetime.now(UTC).isoformat(),
            }
        )
        return key

    def client_for(self, key: str) -> str | None:
        """The client application a key belongs to, or None for an unknown key."""
        item = table(self.table_name).get_item(Key={"pk": PK, "sk": key_hash(key)}).get("Item")
        return str(item["client"]) if item else None
