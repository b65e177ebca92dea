"""Powertools' DynamoDB idempotency records, each "in progress" record tagged with the attempt that wrote it.

Releasing a key (the guarded function failed, or saving "in progress" answered an error) deletes the
record only if it is still ours and still in progress. Powertools deletes unconditionally: when our own
"in progress" write failed, the record found may be a concurrent duplicate invocation's, and deleting it
would let a third delivery run the effect beside that one.

The tag is written through Powertools' own `_put_record` (its item, key and conditions unchanged) by a
client that adds one attribute to the put: copying that method would freeze its conditions here.

The key's prefix (the guarded function's name) is per thread too. Powertools sets it on the layer at every
call, and notify guards its email, SMS and chat sends with one layer: in the local run, which invokes a
worker on several threads at once, a send keyed under another thread's function name was marked "in
progress" under one key and completed (or released) under another, and the first stayed "in progress",
failing every retry of that message until its expiry.
"""

from __future__ import annotations

import threading
import uuid
from typing import Any, cast

from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer
from aws_lambda_powertools.utilities.idempotency.persistence.datarecord import DataRecord
from botocore.exceptions import ClientError

ATTEMPT = "attempt"


class _Tagging:
    """The DynamoDB client as Powertools sees it: a put carries the token of this thread's attempt."""

    def __init__(self, dynamodb: Any, attempts: threading.local) -> None:
        self._dynamodb = dynamodb
        self._attempts = attempts

    def put_item(self, **request: Any) -> Any:
        token = getattr(self._attempts, "token", None)
        if token:
            request["Item"] = {**request["Item"], ATTEMPT: {"S": token}}
        return self._dynamodb.put_item(**request)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._dynamodb, name)


class AttemptRecords(DynamoDBPersistenceLayer):
    def __init__(self, table_name: str, dynamodb: Any) -> None:
        # Per thread: the local run serves several functions' invocations at once through one layer.
        self._attempts = threading.local()
        super().__init__(table_name=table_name, boto3_client=cast(Any, _Tagging(dynamodb, self._attempts)))
        self._configuring = threading.Lock()

    @property
    def function_name(self) -> str:
        return str(getattr(self._attempts, "function_name", ""))

    @function_name.setter
    def function_name(self, value: str) -> None:
        self._attempts.function_name = value

    def configure(self, config: Any, function_name: str | None = None, key_prefix: str | None = None) -> None:
        """Powertools' configuration, one thread at a time: it marks the layer configured before it sets the
        key expression, so a second invocation starting meanwhile would find no key and run unguarded."""
        with self._configuring:
            super().configure(config, function_name, key_prefix)

    def _put_record(self, data_record: DataRecord) -> None:
        self._attempts.token = uuid.uuid4().hex
        super()._put_record(data_record)

    def _delete_record(self, data_record: DataRecord) -> None:
        """Deletes the record if this thread's last attempt wrote it and it is still in progress; else
        it is another invocation's (or done) and stays."""
        token = getattr(self._attempts, "token", None)
        if token is None:
            super()._delete_record(data_record)
            return
        try:
            self.client.delete_item(
                TableName=self.table_name,
                Key=self._get_key(data_record.idempotency_key),
                ConditionExpression="#status = :in_progress AND #attempt = :token",
                ExpressionAttributeNames={"#status": self.status_attr, "#attempt": ATTEMPT},
                ExpressionAttributeValues={":in_progress": {"S": "INPROGRESS"}, ":token": {"S": token}},
            )
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") != "ConditionalCheckFailedException":
                raise
