"""Boto3 clients, created lazily once per process (Lambda reuses them across invocations).

Lazily, because tests start the AWS emulator after import; `reset_clients()` drops them.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import Any

import boto3

from shared.config import get_settings

# boto3's default session is not thread-safe while it builds a client; the local run invokes handlers on
# several threads of one process (in Lambda a container runs one invocation at a time).
_building = threading.Lock()


@cache
def client(service: str) -> Any:
    with _building:
        return boto3.client(service, region_name=get_settings().aws_region)  # type: ignore[call-overload]


@cache
def table(name: str) -> Any:
    with _building:
        return boto3.resource("dynamodb", region_name=get_settings().aws_region).Table(name)


def reset_clients() -> None:
    client.cache_clear()
    table.cache_clear()
    get_settings.cache_clear()
