"""The idempotency records of notify's sends, completed together with the send's delivery-log line.

Powertools writes a record "in progress" before the send and "completed" after it; the log line used to be
a third write in between. Here the completion and the log line are one TransactWriteItems: one call fewer
per email or SMS, and the log shows a message exactly when its record says it was sent (a failed
completion leaves neither, and the record's in-progress expiry lets SQS's retry send it, as before).
Built on Powertools' own extension point (a persistence layer's `_update_record`), so the record's key,
expiry and in-progress checks stay Powertools'.

The messages of one event (an assignment: the agency's addresses and the reporter) are completed together,
in one TransactWriteItems after the last of them (`together`): one call per event instead of one per
message. Each record is still "in progress" before its send and completed only after it; what a crash in
between repeats is now the event's messages sent before it, not only the last one (an error, as opposed to
a crash, still completes those sent before it).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.idempotency.persistence.datarecord import DataRecord
from botocore.exceptions import BotoCoreError, ClientError

from services.notify.dal.joint_claims import JointClaims
from shared.aws import client
from shared.config import get_settings

logger = Logger(child=True)
MAX_TRANSACTION_ITEMS = 100  # DynamoDB's limit: 50 messages, each a completion and a log line
RETRY_PAUSES_S = (0.1, 0.3, 1.0)  # as shared/idempotency.py marks a record done again


class LoggedCompletion(JointClaims):
    def __init__(self, table_name: str, dynamodb: Any) -> None:
        super().__init__(table_name, dynamodb)
        self._pending = threading.local()  # this thread's log line, for the completion that follows
        self._held = threading.local()  # this thread's completions held for one transaction (`together`)

    def complete_with(self, log_put: dict[str, Any] | None) -> None:
        """The log line (a TransactWriteItems Put) to write with the record's completion that follows."""
        self._pending.log_put = log_put

    @contextmanager
    def together(self) -> Iterator[None]:
        """The completions (each with its log line) of the sends inside, written together when the block
        ends, also when a send in it failed: those sent before the failure are done."""
        self._held.items = []
        try:
            yield
        finally:
            items, self._held.items = self._held.items, None
            for start in range(0, len(items), MAX_TRANSACTION_ITEMS):
                self._write(items[start : start + MAX_TRANSACTION_ITEMS])

    def _update_record(self, data_record: DataRecord) -> None:
        log_put = getattr(self._pending, "log_put", None)
        self._pending.log_put = None
        if log_put is None:
            super()._update_record(data_record)
            return
        kept = self._capturing.kept
        kept.capturing, kept.update = True, {}
        try:
            super()._update_record(data_record)
        finally:
            kept.capturing = False
        items: list[Any] = [{"Update": kept.update}, {"Put": log_put}]
        held = getattr(self._held, "items", None)
        if held is None:
            self.client.transact_write_items(TransactItems=items)
        else:
            held.extend(items)

    def _write(self, items: list[Any]) -> None:
        """Held completions and their log lines in one transaction, tried a few times. One that answered
        an error may have been written (its first record is then completed); else each record is marked done
        alone, without its log line, as a single message's failed completion is (shared/idempotency.py's
        `_mark_done`): left "in progress", every redelivery would fail on it, and once it expired repeat the
        message."""
        for pause in RETRY_PAUSES_S:
            try:
                self.client.transact_write_items(TransactItems=items)
                return
            except (ClientError, BotoCoreError):
                # botocore does not retry a cancelled transaction (one item throttled, or in conflict with
                # a duplicate delivery's claims); the same writes again are safe: none has a condition.
                if self._completed(items[0]["Update"]):
                    return
                time.sleep(pause)
        for item in items:
            if "Update" in item:
                self._mark_done(item["Update"])

    def _mark_done(self, update: dict[str, Any]) -> None:
        for pause in RETRY_PAUSES_S:
            try:
                self.client.update_item(**update)
                return
            except (ClientError, BotoCoreError):
                time.sleep(pause)
        logger.warning("message sent; its idempotency record could not be marked done")

    def _completed(self, update: dict[str, Any]) -> bool:
        try:
            found = self.client.get_item(
                TableName=update["TableName"], Key=update["Key"], ConsistentRead=True
            ).get("Item", {})
        except (ClientError, BotoCoreError):
            return False
        return bool(found.get(self.status_attr, {}).get("S") == "COMPLETED")


@cache
def _layer(dynamodb: Any, table_name: str) -> LoggedCompletion:
    return LoggedCompletion(table_name, dynamodb)


def logged_completion() -> LoggedCompletion:
    """One layer per client: the client (and the settings) follow the environment, as shared/aws.py's do."""
    return _layer(client("dynamodb"), get_settings().idempotency_table)
