"""The idempotency records of notify's sends, completed together with the send's delivery-log line.

Powertools writes a record "in progress" before the send and "completed" after it; the log line used to be
a third write in between. Here the completion and the log line are one TransactWriteItems: one call fewer
per email or SMS, and the log shows a message exactly when its record says it was sent (a failed
completion leaves neither, and the record's in-progress expiry lets SQS's retry send it, as before).
Built on Powertools' own extension point (a persistence layer's `_update_record`), so the record's key,
expiry and in-progress checks stay Powertools'.
"""

from __future__ import annotations

from functools import cache
from typing import Any, cast

from aws_lambda_powertools.utilities.idempotency.persistence.datarecord import DataRecord

from shared.attempt_records import AttemptRecords
from shared.aws import client
from shared.config import get_settings


class _Captured:
    """Stands in for the DynamoDB client while Powertools builds its completion: keeps the update."""

    def __init__(self) -> None:
        self.update: dict[str, Any] = {}

    def update_item(self, **update: Any) -> None:
        self.update = update


class LoggedCompletion(AttemptRecords):
    def __init__(self, table_name: str, dynamodb: Any) -> None:
        super().__init__(table_name, dynamodb)
        self._log_put: dict[str, Any] | None = None

    def complete_with(self, log_put: dict[str, Any] | None) -> None:
        """The log line (a TransactWriteItems Put) to write with the record's completion that follows."""
        self._log_put = log_put

    def _update_record(self, data_record: DataRecord) -> None:
        log_put, self._log_put = self._log_put, None
        if log_put is None:
            super()._update_record(data_record)
            return
        dynamodb: Any = self.client
        captured = _Captured()
        self.client = cast(Any, captured)
        try:
            super()._update_record(data_record)
        finally:
            self.client = dynamodb
        dynamodb.transact_write_items(TransactItems=[{"Update": captured.update}, {"Put": log_put}])


@cache
def _layer(dynamodb: Any, table_name: str) -> LoggedCompletion:
    return LoggedCompletion(table_name, dynamodb)


def logged_completion() -> LoggedCompletion:
    """One layer per client: the client (and the settings) follow the environment, as shared/aws.py's do."""
    return _layer(client("dynamodb"), get_settings().idempotency_table)
