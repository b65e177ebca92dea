"""Boto3 clients, created lazily once per process (Lambda reuses them across invocations).

Lazily, because tests start the AWS emulator after import; `reset_clients()` drops them.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import boto3

from shared.config import get_settings


@cache
def client(service: str) -> Any:
    return boto3.client(service, region_name=get_settings().aws_region)  # type: ignore[call-overload]


@cache
def table(name: str) -> Any:
    return boto3.resource("dynamodb", region_name=get_settings().aws_region).Table(name)


def reset_clients() -> None:
    client.cache_clear()
    table.cache_clear()
    get_settings.cache_clear()
