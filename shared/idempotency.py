"""The one idempotency set-up: Powertools idempotency records in the `idempotency` table.

Every caller (intake's keyed submissions, notify's exactly-once sends) guards its function with
`guard(config, key_argument)`; the persistence layer is built on first use, not at import, because the
table name and endpoint come from the environment.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from aws_lambda_powertools.utilities.idempotency.exceptions import IdempotencyPersistenceLayerError
from pydantic import BaseModel

from shared.aws import client
from shared.config import get_settings

F = TypeVar("F", bound=Callable[..., Any])
R = TypeVar("R")
logger = Logger(service="idempotency")


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


def run_once(
    function: Callable[..., R], config: IdempotencyConfig, key_argument: str, value: Any, **options: Any
) -> R:
    """`function(key_argument=value)` guarded as by `guard`, and sound when the idempotency record's own
    write fails (throttled, or answered an error after it was written):
    - the function ran and only marking it done failed: its result. A retry finds the record done, or in
      progress until the invocation's end; running the function again would repeat its effect.
    - it did not run (saving "in progress" failed, perhaps after the write landed): the key is released
      so a retry runs it, rather than finding it "in progress" until the invocation's expiry."""
    ran: list[R] = []

    @functools.wraps(function)  # the same module and name: the records' keys do not change
    def noting(**kwargs: Any) -> R:
        result = function(**kwargs)
        ran.append(result)
        return result

    try:
        return guard(noting, config, key_argument, **options)(**{key_argument: value})
    except IdempotencyPersistenceLayerError as error:
        if ran:
            logger.warning("effect done; its idempotency record not marked done", exc_info=True)
            return ran[0]
        _release(persistence(config, function), value, error)
        raise


def _release(store: DynamoDBPersistenceLayer, value: Any, error: Exception) -> None:
    """Deletes the key's record if it is "in progress" (ours: the function did not run); best effort, as
    the record's in-progress expiry frees it anyway."""
    data = value.model_dump(mode="json") if isinstance(value, BaseModel) else value
    try:
        record = store.get_record(data)
        if record is not None and record.status == "INPROGRESS":
            store.delete_record(data, error)
    except Exception:  # a missing record or a failing table: nothing more to do here
        logger.warning("could not release an idempotency key", exc_info=True)


def reset() -> None:
    """Forget the persistence layers (tests that swap the emulated account)."""
    with _layers_lock:
        _layers.clear()
