"""The one idempotency set-up: Powertools idempotency records in the `idempotency` table.

Every caller (intake's keyed submissions, notify's exactly-once sends) guards its function with
`guard(config, key_argument)`; the persistence layer is built on first use, not at import, because the
table name and endpoint come from the environment.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.idempotency import (
    BasePersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from aws_lambda_powertools.utilities.idempotency.exceptions import IdempotencyPersistenceLayerError
from pydantic import BaseModel

from shared.attempt_records import AttemptRecords
from shared.aws import client
from shared.config import get_settings

F = TypeVar("F", bound=Callable[..., Any])
R = TypeVar("R")
logger = Logger(service="idempotency")
RETRY_PAUSES_S = (0.1, 0.3, 1.0)  # marking done or releasing a key: a few tries


_layers: dict[tuple[int, str, str], AttemptRecords] = {}
_layers_lock = threading.Lock()


def persistence(config: IdempotencyConfig, function: Callable[..., Any]) -> AttemptRecords:
    """One persistence layer per (config, guarded function). A layer takes the key expression, expiry and
    name of the first config it is used with and keeps them (Powertools' `configure` runs once per layer),
    so two guards sharing one layer in a process — the local run hosts every function in one — would key
    the second's records with the first's expression (no key found: no protection at all)."""
    key = (id(config), function.__module__, function.__qualname__)
    with _layers_lock:
        layer = _layers.get(key)
        if layer is None:
            layer = AttemptRecords(get_settings().idempotency_table, client("dynamodb"))
            _layers[key] = layer
        return layer


def guard(
    function: F,
    config: IdempotencyConfig,
    key_argument: str,
    store: BasePersistenceLayer | None = None,
    **options: Any,
) -> F:
    """`function` run at most once per key (the argument named `key_argument`) within the config's window,
    its records in `store` (this table's records, written the usual way, when not given; a store given here
    must serve this one configuration, as `persistence` explains)."""
    guarded = idempotent_function(
        data_keyword_argument=key_argument,
        persistence_store=store or persistence(config, function),
        config=config,
        **options,
    )(function)
    return guarded


def run_once(
    function: Callable[..., R],
    config: IdempotencyConfig,
    key_argument: str,
    value: Any,
    store: AttemptRecords | None = None,
    **options: Any,
) -> R:
    """`function(key_argument=value)` guarded as by `guard`, and sound when the idempotency record's own
    write fails (throttled, or answered an error after it was written):
    - the function ran and only marking it done failed: marked done again, and its result. Left "in
      progress", the record would expire with the invocation and a retry would repeat the effect.
    - it did not run (saving "in progress" failed, perhaps after the write landed): the key is released
      so a retry runs it, rather than finding it "in progress" until the invocation's expiry; only our
      own attempt's record, never a concurrent duplicate's.
    `store` must tag its attempts (an AttemptRecords) for that release to tell ours from theirs."""
    ran: list[R] = []

    @functools.wraps(function)  # the same module and name: the records' keys do not change
    def noting(**kwargs: Any) -> R:
        result = function(**kwargs)
        ran.append(result)
        return result

    try:
        return guard(noting, config, key_argument, store, **options)(**{key_argument: value})
    except IdempotencyPersistenceLayerError as error:
        store = store or persistence(config, function)
        if ran:
            serializer = options.get("output_serializer")
            _mark_done(store, value, serializer.to_dict(ran[0]) if serializer else ran[0])
            return ran[0]
        _release(store, value, error)
        raise


def _data(value: Any) -> Any:
    """The payload as Powertools hashes it (a model's JSON form)."""
    return value.model_dump(mode="json") if isinstance(value, BaseModel) else value


def _mark_done(store: BasePersistenceLayer, value: Any, result: Any) -> None:
    """Powertools' own "done" write, tried again a few times (its client retries each try too); if all
    fail, the effect may repeat once the record's in-progress time is over: logged."""
    for pause in RETRY_PAUSES_S:
        try:
            store.save_success(_data(value), result)
            return
        except Exception:  # throttled or failing: the next try, then the warning below
            time.sleep(pause)
    logger.warning("effect done; its idempotency record could not be marked done")


def _release(store: BasePersistenceLayer, value: Any, error: Exception) -> None:
    """Deletes the key's record if it is our attempt's and still "in progress" (the function did not run;
    a record another invocation wrote meanwhile stays: attempt_records.py), tried again a few times: left
    there, it makes every retry fail until the invocation's time is over."""
    last: Exception | None = None
    for pause in RETRY_PAUSES_S:
        try:
            store.delete_record(_data(value), error)
            return
        except Exception as failure:  # throttled or failing: the next try, then the warning below
            last = failure
            time.sleep(pause)
    logger.warning(
        "could not release an idempotency key; it frees itself when the invocation's time is over",
        extra={"error": repr(last)},
    )


def reset() -> None:
    """Forget the persistence layers (tests that swap the emulated account)."""
    with _layers_lock:
        _layers.clear()
