"""The "in progress" records of one event's messages, written in one transaction before the first send.

Powertools writes each message's record "in progress" with a conditional PutItem right before its send:
one call per message. An assignment has three or more messages (the agency's addresses, the reporter), so
`claimed` builds each of those puts through Powertools' own `save_inprogress` (its key, expiry, in-progress
expiry and condition unchanged; the attempt's tag from shared/attempt_records.py included), keeps them
instead of sending them, and writes them together. Each message then runs under Powertools as before,
and its own put, already written, is skipped. All or nothing: when any of them exists (a redelivery,
a duplicate in flight), nothing is claimed and each message goes the usual way, one put at a time.
A record claimed for a message that was never attempted (a send before it failed) is released.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any

from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig
from aws_lambda_powertools.utilities.idempotency.base import _prepare_data
from aws_lambda_powertools.utilities.idempotency.persistence.datarecord import DataRecord
from botocore.exceptions import BotoCoreError, ClientError

from shared.attempt_records import ATTEMPT, AttemptRecords

MAX_TRANSACTION_ITEMS = 100  # DynamoDB's limit; an event with more messages claims them one by one


class Capturing:
    """The DynamoDB client under Powertools' and the attempt tag's: while this thread gathers writes to go
    together, a put or an update is kept instead of sent. Per thread: the local run invokes a worker on
    several threads at once through one layer (in Lambda, one invocation at a time)."""

    def __init__(self, dynamodb: Any) -> None:
        self._dynamodb = dynamodb
        self.kept = threading.local()

    def put_item(self, **put: Any) -> Any:
        puts = getattr(self.kept, "puts", None)
        if puts is None:
            return self._dynamodb.put_item(**put)
        puts.append(put)
        return {}

    def update_item(self, **update: Any) -> Any:
        if getattr(self.kept, "capturing", False):
            self.kept.update = update
            return {}
        return self._dynamodb.update_item(**update)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._dynamodb, name)


class JointClaims(AttemptRecords):
    def __init__(self, table_name: str, dynamodb: Any) -> None:
        self._capturing = Capturing(dynamodb)
        super().__init__(table_name, self._capturing)
        self._claims = threading.local()  # idempotency key → this attempt's tag, claimed and not yet used

    @contextmanager
    def claimed(
        self, guarded: Sequence[tuple[Callable[..., Any], Any]], config: IdempotencyConfig
    ) -> Iterator[None]:
        """The records of these (guarded function, payload) pairs "in progress" in one transaction, for the
        Powertools calls inside the block; those left unused are released when it ends."""
        self._claims.tags = self._claim(guarded, config) if 1 < len(guarded) <= MAX_TRANSACTION_ITEMS else {}
        try:
            yield
        finally:
            unused, self._claims.tags = self._claims.tags, {}
            for key, tag in unused.items():
                self._release(key, tag)

    def _claim(
        self, guarded: Sequence[tuple[Callable[..., Any], Any]], config: IdempotencyConfig
    ) -> dict[str, str]:
        remaining = config.lambda_context.get_remaining_time_in_millis() if config.lambda_context else None
        tags: dict[str, str] = {}
        puts: list[Any] = []
        self._capturing.kept.puts = puts
        try:
            for function, payload in guarded:
                self.configure(config, f"{function.__module__}.{function.__qualname__}")
                data = _prepare_data(payload)
                self.save_inprogress(data, remaining)
                tags[str(self._get_hashed_idempotency_key(data))] = self._attempts.token
        finally:
            self._capturing.kept.puts = None
        try:
            self.client.transact_write_items(TransactItems=[{"Put": put} for put in puts])
        except (ClientError, BotoCoreError):
            key, tag = next(iter(tags.items()))
            if self._ours(key, tag):
                return tags  # written, only its answer lost
            # Not written, or not known: what may have landed is released (ours only), so each message's
            # own put, one at a time, does not find its own record "in progress".
            for key, tag in tags.items():
                self._release(key, tag)
            return {}
        return tags

    def _ours(self, key: str, tag: str) -> bool:
        """Whether this record is our attempt's (a transaction is all or nothing: then all of it is)."""
        try:
            found = self.client.get_item(
                TableName=self.table_name, Key=self._get_key(key), ConsistentRead=True
            )
        except (ClientError, BotoCoreError):
            return False
        return bool(found.get("Item", {}).get(ATTEMPT, {}).get("S") == tag)

    def _put_record(self, data_record: DataRecord) -> None:
        tags: dict[str, str] = getattr(self._claims, "tags", {})
        tag = tags.pop(data_record.idempotency_key, None)
        if tag is None:
            super()._put_record(data_record)
            return
        self._attempts.token = tag  # claimed with the event's other messages: releasing it stays ours

    def _release(self, key: str, tag: str) -> None:
        """A claimed record its message never used: deleted if still ours and in progress (as
        AttemptRecords releases one); left, it would hold that message back until the invocation's end."""
        self._attempts.token = tag
        # If this fails, it frees itself when the invocation's time is over, as any record left in progress.
        with suppress(ClientError, BotoCoreError):
            self._delete_record(DataRecord(idempotency_key=key))
