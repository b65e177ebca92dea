"""The one idempotency set-up: Powertools idempotency records in the `idempotency` table.

Every caller (intake's keyed submissions, notify's exactly-once sends) guards its function with
`guard(config, key_argument)`; the persistence layer is built on first use, not at import, because the
table name and endpoint come from the environment.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)

from shared.aws import client
from shared.config import get_settings

F = TypeVar("F", bound=Callable[..., Any])


_layers: dict[tuple[int, str, str], DynamoDBPersistenceLayer] = {}
_layers_lock = threading.Lock()


def persistence(config: IdempotencyConfig, function: Callable[..., Any]) -> DynamoDBPersistenceLayer:
    """One persistence layer per (config, guarded function). A layer takes the key expression, expiry and
    name of the first config it is used with and keeps them (Powertools' `configure` runs once per layer),
    so two guards sharing one layer in a process — the local run hosts every function in one — would key
    the second's records with the first's expression (no key found: no protection at all)."""
    key = (id(config), function.__module__, function.__qualname__)
    with _layers_lock:
        layer = _layers.get(key)
        if layer is None:
            layer = DynamoDBPersistenceLayer(
                table_name=get_settings().idempotency_table, boto3_client=client("dynamodb")
            )
            _layers[key] = layer
        return layer


def guard(function: F, config: IdempotencyConfig, key_argument: str, **options: Any) -> F:
    """`function` run at most once per key (the argument named `key_argument`) within the config's window."""
    store = persistence(config, function)
    guarded = idempotent_function(
        data_keyword_argument=key_argument, persistence_store=store, config=config, **options
    )(function)
    return guarded


def reset() -> None:
    """Forget the persistence layers (tests that swap the emulated account)."""
    with _layers_lock:
        _layers.clear()
