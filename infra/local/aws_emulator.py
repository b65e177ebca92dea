"""The moto server the local run uses as AWS, made fit for concurrent load.

Some things in moto break or crawl when many handlers call it at once (measured under `make bench`'s load
section, docs/local-run.md#under-load):
- its backends are not thread-safe: a TransactWriteItems deep-copies whole tables while another request
  thread changes them ("dictionary changed size during iteration", a 500 to the handler). One lock around
  every request serialises them. It costs no parallelism: moto runs in this process, under one GIL. SQS's
  ReceiveMessage cannot hold the lock while it waits (a long poll waits for a message that another request
  must be able to send), yet its pass over the queue changes the queue: it marks messages received and
  moves the spent ones to the dead-letter queue, while a delete rebuilds the same list — a message
  removed during that rebuild makes it skip, and drop, its neighbour. Here each pass takes the lock and
  the wait between passes does not;
- TransactWriteItems backs up every table it touches with a deep copy, to roll back a cancelled
  transaction: a cost that grows with the table, so each report costs more than the last (a quarter of the
  process's time after a few hundred reports). The backup here keeps only the items the transaction names,
  and restores those (and the table's stream) when moto cancels it — the same outcome, at the cost of the
  transaction's own items;
- a Query on a table's key reads every item of the table to keep those of one partition (a Query on an
  index has to, having no index to read): here it reads only that partition's items, which moto keeps
  apart already;
- moto builds each DynamoDB answer by walking the API's response model attribute by attribute: for a
  Query of a hundred reports, more time than the Query itself (a fifth to a half of the process's time
  under load). Its reads' results are already the answer's JSON (DynamoDB JSON, binary values as
  base64), so they are written out as such;
- EventBridge compiles its targets' JSONPaths anew for every event put (most of PutEvents' time): here
  each path is compiled once;
- moto's router lists its package's folders, and finds the action among its handler's methods, at every
  request: here once.
All are local-run concerns (production talks to AWS), hence here and not in moto; they last from the
emulator's start to its stop.
"""

from __future__ import annotations

import base64
import calendar
import copy
import functools
import json
import threading
import uuid
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from datetime import datetime
from types import SimpleNamespace
from typing import Any
from unittest.mock import patch

from werkzeug.serving import BaseWSGIServer, make_server

LONG_POLL = "AmazonSQS.ReceiveMessage"  # the JSON protocol's target, the one boto3 speaks to SQS
StartResponse = Callable[..., Any]
JSON_1_0 = "application/x-amz-json-1.0"
PLAIN_READS = {"GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems"}
# One lock for every change to moto's memory in this process: its requests, and the local pipe's tidying of
# the stream records it is past (infra/local/outbox_pipe.py), which a cancelled transaction's restore also
# touches.
MEMORY_LOCK = threading.Lock()
INDEX_NAME_AT = 6  # moto's Table.query(hash_key, range_comparison, …, projection_expressions, index_name)


class OneAtATime:
    """A WSGI app that lets one request at a time into moto (a long poll excepted)."""

    def __init__(self, app: Callable[[dict[str, Any], StartResponse], Iterable[bytes]]) -> None:
        self.app = app
        self.lock = MEMORY_LOCK

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("HTTP_X_AMZ_TARGET") == LONG_POLL:
            return self.app(environ, start_response)
        with self.lock:
            return list(self.app(environ, start_response))  # the body is built inside the lock too


class _Touched:
    """The items a transaction names, as they were before it, to put back if moto cancels it."""

    def __init__(self, backend: Any, transact_items: list[dict[str, Any]]) -> None:
        self.before: list[tuple[Any, Any, Any, Any]] = []  # (table, hash, range, item or None)
        self.streams: dict[int, tuple[Any, int]] = {}
        for entry in transact_items:
            op: Any = next(iter(entry.values()), None)
            table: Any = backend.tables.get(op.get("TableName")) if isinstance(op, dict) else None
            keys = _keys(table, op.get("Key") or op.get("Item") or {}) if table is not None else None
            if keys is None:
                continue  # moto answers for an unknown table or a missing key itself
            item = table.get_item(*keys)
            self.before.append((table, *keys, copy.deepcopy(item) if item else None))
            if table.stream_shard is not None:
                self.streams[id(table)] = (table.stream_shard, len(table.stream_shard.items))

    def restore(self) -> None:
        for table, hash_key, range_key, item in reversed(self.before):
            if range_key is None:
                table.items.pop(hash_key, None)
                if item is not None:
                    table.items[hash_key] = item
            else:
                table.items[hash_key].pop(range_key, None)
                if item is not None:
                    table.items[hash_key][range_key] = item
        for shard, length in self.streams.values():
            del shard.items[length:]  # no stream record for a write that did not happen


def _keys(table: Any, key: dict[str, Any]) -> tuple[Any, Any] | None:
    """The table's hash and range key values (moto's types) in an item or key, None if one is missing."""
    from moto.dynamodb.models.dynamo_type import DynamoType

    names = [table.hash_key_attr, *([table.range_key_attr] if table.has_range_key else [])]
    if any(name not in key for name in names):
        return None
    hash_key = DynamoType(key[table.hash_key_attr])
    return hash_key, DynamoType(key[table.range_key_attr]) if table.has_range_key else None


def _no_table_copies() -> SimpleNamespace:
    """`copy` for moto's DynamoDB backend: a Table is handed back as is (the transaction's backup is
    _Touched's), anything else deep-copied as before."""
    from moto.dynamodb.models.table import Table

    def deepcopy(value: Any, memo: Any = None) -> Any:
        return value if isinstance(value, Table) else copy.deepcopy(value, memo)

    return SimpleNamespace(deepcopy=deepcopy, copy=copy.copy)


def cheap_transaction_backups(patches: ExitStack) -> None:
    """Patches moto's DynamoDB backend until `patches` closes: see the module's docstring."""
    import moto.dynamodb.models as models

    backend_class = models.DynamoDBBackend
    original = backend_class.transact_write_items

    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        touched = _Touched(self, transact_items)
        try:
            original(self, transact_items)
        except Exception:
            touched.restore()
            raise

    patches.enter_context(patch.object(models, "copy", _no_table_copies()))
    patches.enter_context(patch.object(backend_class, "transact_write_items", transact_write_items))


def partition_queries(patches: ExitStack) -> None:
    """Patches moto's DynamoDB tables until `patches` closes: a Query on the table's own key reads that
    partition only. Safe because OneAtATime lets one request at a time into moto."""
    from moto.dynamodb.models.table import Table

    original = Table.query

    def query(self: Any, hash_key: Any, *args: Any, **kwargs: Any) -> Any:
        index_name = kwargs.get("index_name", args[INDEX_NAME_AT] if len(args) > INDEX_NAME_AT else None)
        if index_name or not self.has_range_key or hash_key is None:
            return original(self, hash_key, *args, **kwargs)
        partition = self.items.get(hash_key, {})
        self.all_items = lambda: list(partition.values())  # the instance's, for this call only
        try:
            return original(self, hash_key, *args, **kwargs)
        finally:
            del self.all_items

    patches.enter_context(patch.object(Table, "query", query))


def _base64(value: Any) -> str:
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    raise TypeError(f"{type(value).__name__} is not JSON")


def plain_read_answers(patches: ExitStack) -> None:
    """Patches moto's DynamoDB results until `patches` closes: see the module's docstring. Anything else
    (writes, errors, an unexpected type) goes through moto's serializer as before."""
    from moto.dynamodb.responses import DynamoResult

    original = DynamoResult.execute_result

    def execute_result(self: Any, context: Any) -> Any:
        if context.operation_model.name not in PLAIN_READS or not isinstance(self.result, dict):
            return original(self, context)
        try:
            body = json.dumps(self.result, default=_base64)
        except (TypeError, ValueError):
            return original(self, context)
        headers = {"Content-Type": JSON_1_0, "server": "amazon.com", "x-amzn-requestid": uuid.uuid4().hex}
        return 200, headers, body

    patches.enter_context(patch.object(DynamoResult, "execute_result", execute_result))


def _stream_value(value: Any) -> Any:
    """A stream record's non-JSON values as the JSON protocol writes them: moto's naive UTC timestamps as
    epoch seconds, binary values as base64."""
    if isinstance(value, datetime):
        return calendar.timegm(value.utctimetuple()) + value.microsecond / 1e6
    return _base64(value)


def plain_stream_records(patches: ExitStack) -> None:
    """Patches moto's DynamoDB Streams GetRecords until `patches` closes: its records (whole report items,
    old and new) are written out as JSON instead of through moto's serializer, as the reads above."""
    from moto.core.responses import ActionResult
    from moto.dynamodbstreams.responses import DynamoDBStreamsHandler

    original = DynamoDBStreamsHandler.get_records

    class PlainRecords(ActionResult):
        def execute_result(self, context: Any) -> Any:
            try:
                body = json.dumps(self.result, default=_stream_value)
            except (TypeError, ValueError):
                return super().execute_result(context)
            headers = {"Content-Type": JSON_1_0, "server": "amazon.com", "x-amzn-requestid": uuid.uuid4().hex}
            return 200, headers, body

    def get_records(self: Any) -> Any:
        return PlainRecords(original(self).result)

    patches.enter_context(patch.object(DynamoDBStreamsHandler, "get_records", get_records))


def compiled_event_paths(patches: ExitStack) -> None:
    """Memoises the JSONPath compiler moto's EventBridge imports at each event until `patches` closes
    (see the module's docstring): a compiled path is only read (`find`), so one copy serves every event."""
    import jsonpath_ng.ext as paths

    patches.enter_context(patch.object(paths, "parse", functools.lru_cache(maxsize=256)(paths.parse)))


def listed_services_once(patches: ExitStack) -> None:
    """moto's router lists its own package's folders at every request to tell a service's name in the
    host (os.listdir and a stat per folder): the list cannot change while the process runs, so it is
    read once until `patches` closes."""
    import moto.backends as backends

    listed = tuple(backends.list_of_moto_modules())
    patches.enter_context(patch.object(backends, "list_of_moto_modules", lambda: iter(listed)))


def action_names_once(patches: ExitStack) -> None:
    """moto finds a request's action among its handler class's methods with `inspect.getmembers` at every
    request: a class's methods do not change while the process runs, so each class's list is made once
    until `patches` closes."""
    import moto.core.responses as responses

    names = functools.lru_cache(maxsize=None)(responses.method_names_from_class)
    patches.enter_context(patch.object(responses, "method_names_from_class", names))


def locked_receive_passes(patches: ExitStack) -> None:
    """Patches moto's SQS backend until `patches` closes: a receive looks at the queue under MEMORY_LOCK,
    one pass at a time, and waits for a message outside it (see the module's docstring)."""
    from moto.core.utils import unix_time
    from moto.sqs.models import SQSBackend

    original = SQSBackend.receive_message

    def receive_message(
        self: Any, queue_name: str, count: int, wait_seconds_timeout: int, *args: Any, **kwargs: Any
    ) -> Any:
        polling_end = unix_time() + wait_seconds_timeout
        while True:
            with MEMORY_LOCK:
                result = original(self, queue_name, count, 0, *args, **kwargs)
            left = polling_end - unix_time()
            if result or left <= 0:
                return result
            self.get_queue(queue_name).wait_for_messages(min(1, left))

    patches.enter_context(patch.object(SQSBackend, "receive_message", receive_message))


FIXES = (
    cheap_transaction_backups,
    partition_queries,
    plain_read_answers,
    plain_stream_records,
    compiled_event_paths,
    listed_services_once,
    action_names_once,
    locked_receive_passes,
)


class LocalEmulator:
    """moto's server on a thread of this process, as `ThreadedMotoServer`, with the fixes above, which
    last from start to stop (`mock_aws` in the same process before or after sees moto as it is)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self._patches = ExitStack()
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None
        self.app: OneAtATime | None = None  # what the server serves, for the runner's own calls too

    def start(self) -> None:
        from moto.moto_server.werkzeug_app import (
            DomainDispatcherApplication,
            MotoRequestHandler,
            create_backend_app,
        )

        for install in FIXES:
            install(self._patches)
        self.app = app = OneAtATime(DomainDispatcherApplication(create_backend_app))
        self._server = make_server(
            self.host, self.port, app, threaded=True, request_handler=MotoRequestHandler
        )
        self._thread = threading.Thread(target=self._server.serve_forever, name="moto", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join()
        self._patches.close()
