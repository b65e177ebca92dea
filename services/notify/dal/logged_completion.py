"""The idempotency records of notify's sends, completed together with the send's delivery-log line.

Powertools writes a record "in progress" before the send and "completed" after it; the log line used to be
a third write in between. Here the completion and the log line are one TransactWriteItems: one call fewer
per email or SMS, and the log shows a message exactly when its record says it was sent (a failed
completion leaves neither, and the record's in-progress expiry lets SQS's retry send it, as before).
Built on Powertools' own extension point (a persistence layer's `_update_record`), so the record's key,
expiry and in-progress checks stay Powertools'.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import Any, cast

from aws_lambda_powertools.utilities.idempotency.persistence.datarecord import DataRecord

from shared.attempt_records import AttemptRecords
from shared.aws import client
from shared.config import get_settings


class _Capturing:
    """The DynamoDB client as Powertools sees it: while this thread builds a completion to go with a log
    line, the update is kept instead of sent. Per thread: the local run invokes a worker on several
    threads at once through this one layer (in Lambda, one invocation at a time)."""

    def __init__(self, dynamodb: Any) -> None:
        self._dynamodb = dynamodb
        self.kept = threading.local()

    def update_item(self, **update: Any) -> Any:
        if getattr(self.kept, "capturing", False):
            self.kept.update = update
            return {}
        return self._dynamodb.update_item(**update)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._dynamodb, name)


class LoggedCompletion(AttemptRecords):
    def __init__(self, table_name: str, dynamodb: Any) -> None:
        super().__init__(table_name, dynamodb)
        self._capturing = _Capturing(self.client)
        self.client = cast(Any, self._capturing)
        self._pending = threading.local()  # this thread's log line, for the completion that follows

    def complete_with(self, log_put: dict[str, Any] | None) -> None:
        """The log line (a TransactWriteItems Put) to write with the record's completion that follows."""
        self._pending.log_put = log_put

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
        self.client.transact_write_items(TransactItems=[{"Update": kept.update}, {"Put": log_put}])


@cache
def _layer(dynamodb: Any, table_name: str) -> LoggedCompletion:
    return LoggedCompletion(table_name, dynamodb)


def logged_completion() -> LoggedCompletion:
    """One layer per client: the client (and the settings) follow the environment, as shared/aws.py's do."""
    return _layer(client("dynamodb"), get_settings().idempotency_table)
