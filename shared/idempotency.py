"""The one idempotency set-up: Powertools idempotency records in the `idempotency` table.

Every caller (intake's keyed submissions, notify's exactly-once sends) guards its function with
`guard(config, key_argument)`; the persistence layer is built on first use, not at import, because the
table name and endpoint come from the environment.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

from aws_lambda_powertools.utilities.idempotency import (
    BasePersistenceLayer,
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)

from shared.aws import client
from shared.config import get_settings

F = TypeVar("F", bound=Callable[..., Any])


@cache
def persistence(config_id: int = 0) -> DynamoDBPersistenceLayer:
    """One layer per configuration: Powertools configures a layer once (its key path, its window) and
    ignores any later configuration, so two guards with different keys in one process (the chat worker's
    message and filing guards; every function of the local run) must not share one."""
    return DynamoDBPersistenceLayer(
        table_name=get_settings().idempotency_table, boto3_client=client("dynamodb")
    )


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
        persistence_store=store or persistence(id(config)),
        config=config,
        **options,
    )(function)
    return guarded


def reset() -> None:
    """Forget the persistence layer (tests that swap the emulated account)."""
    persistence.cache_clear()
