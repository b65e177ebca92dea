"""What the counted calls consume in billed units: DynamoDB read/write request units (with the writes every
global secondary index makes), EventBridge entries and the SQS messages EventBridge sends.

DynamoDB bills an item write per started KB (twice in a transaction), and its indexes' writes as an index
makes them: a write that changes an index's key is a delete and a put there, an item entering or leaving an
index one write, and any other write of an item an index holds one more copy, as all our indexes project ALL
attributes (an index projecting its keys only would not be written then). A read per started 4 KB (half
when eventually consistent, twice in a transaction). The emulator reports no real consumed capacity, so the
units are estimated here from item sizes: a written item is read back after the call (outside the count) and
sized by DynamoDB's rules (attribute names and values in UTF-8, numbers about a byte per two digits).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from boto3.dynamodb.types import Binary, TypeDeserializer, TypeSerializer

from bench.aws_calls import PIPE, Call
from infra.local.provision import physical
from infra.topology import TOPOLOGY, Table

KB = 1024
READ_UNIT = 4 * KB


TYPES = {"S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"}
_serializer = TypeSerializer()
_deserializer = TypeDeserializer()


def _wire(item: dict[str, Any]) -> bool:
    """Whether an item is in DynamoDB's JSON (a client's call) rather than Python values (a Table's)."""
    return bool(item) and all(
        isinstance(v, dict) and len(v) == 1 and next(iter(v)) in TYPES for v in item.values()
    )


def value_size(value: Any) -> int:
    if isinstance(value, str):
        return len(value.encode())
    if isinstance(value, bool) or value is None:
        return 1
    if isinstance(value, int | float | Decimal):
        return math.ceil(len(str(value).lstrip("-").replace(".", "")) / 2) + 1
    if isinstance(value, Binary):
        return len(value.__bytes__())
    if isinstance(value, bytes | bytearray):
        return len(value)
    if isinstance(value, dict):
        return 3 + sum(len(str(k).encode()) + value_size(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return 3 + sum(1 + value_size(v) for v in value)
    return sum(value_size(v) for v in value)  # sets


def item_size(item: dict[str, Any]) -> int:
    return sum(len(name.encode()) + value_size(value) for name, value in _plain(item).items())


def _plain(item: dict[str, Any]) -> dict[str, Any]:
    return {k: _deserializer.deserialize(v) for k, v in item.items()} if _wire(item) else item


def wire_key(key: dict[str, Any]) -> dict[str, Any]:
    return key if _wire(key) else {k: _serializer.serialize(v) for k, v in key.items()}


@dataclass
class Units:
    rru: float = 0.0
    wru: float = 0.0
    wru_in_indexes: float = 0.0  # part of wru: the indexes' copies
    wru_keys_only: float = 0.0  # what wru would be were every index to project its keys only
    events: int = 0  # PutEvents entries
    pipe_events: int = 0  # of which the outbox pipe put: one Pipes request each (an event under 64 KB)
    sqs_messages: int = 0  # delivered by EventBridge, received by the event source mappings
    by_table: dict[str, float] = field(default_factory=dict)  # wru per table


class Capacity:
    """An ApiCalls observer totalling Units; reads items back with its own client (not counted)."""

    def __init__(self, dynamodb: Any) -> None:
        self.units = Units()
        self._dynamodb = dynamodb
        self._tables = {physical(TOPOLOGY, t.name): t for t in TOPOLOGY.tables}
        # An item's keys in each index, as last written: whether a write moves it there.
        self._index_keys: dict[tuple[str, str], dict[str, str]] = {}

    def __call__(self, call: Call, params: dict[str, Any], result: dict[str, Any]) -> None:
        if call.service == "events" and call.operation == "put_events":
            self.units.events += len(params.get("Entries", []))
            if call.caller == PIPE:
                self.units.pipe_events += len(params.get("Entries", []))
        elif call.service == "sqs" and call.operation == "receive_message":
            self.units.sqs_messages += len(result.get("Messages", []))
        elif call.service == "dynamodb":
            self._dynamodb_call(call.operation, params, result)

    def _dynamodb_call(self, operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
        if operation in ("get_item", "query", "scan", "batch_get_item"):
            self._reads(operation, params, result)
        else:
            self._writes(operation, params)

    def _reads(self, operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
        if operation == "get_item":
            self._read([result.get("Item") or {}], params.get("ConsistentRead", False))
        elif operation == "batch_get_item":
            for table, items in result.get("Responses", {}).items():
                self._read(items, params["RequestItems"][table].get("ConsistentRead", False))
        else:  # a query or scan is billed on the total size it read
            self._read(result.get("Items", []), params.get("ConsistentRead", False), together=True)

    def _writes(self, operation: str, params: dict[str, Any]) -> None:
        if operation == "put_item":
            self._write(params["TableName"], params["Item"], 1)
        elif operation in ("update_item", "delete_item"):
            self._write(params["TableName"], self._now(params["TableName"], params["Key"]), 1)
        elif operation == "transact_write_items":
            for entry in params["TransactItems"]:
                self._transact_entry(entry)
        elif operation == "batch_write_item":
            for table, requests in params["RequestItems"].items():
                for request in requests:
                    put = request.get("PutRequest")
                    self._write(table, put["Item"] if put else {}, 1)

    def _transact_entry(self, entry: dict[str, Any]) -> None:
        (kind, body), *_ = entry.items()
        table = body["TableName"]
        if kind == "Put":
            self._write(table, body["Item"], 2)
        elif kind == "ConditionCheck":
            self.units.rru += 2  # a transactional read of the checked item
        else:
            self._write(table, self._now(table, body["Key"]), 2)

    def _now(self, table: str, key: dict[str, Any]) -> dict[str, Any]:
        found: dict[str, Any] = self._dynamodb.get_item(TableName=table, Key=wire_key(key)).get("Item") or key
        return found

    def _read(self, items: list[dict[str, Any]], consistent: bool, together: bool = False) -> None:
        factor = 1.0 if consistent else 0.5
        sizes = [item_size(i) for i in items]
        if together:
            self.units.rru += factor * max(1, math.ceil(sum(sizes) / READ_UNIT))
        else:
            self.units.rru += sum(factor * max(1, math.ceil(s / READ_UNIT)) for s in sizes) or factor

    def _write(self, table: str, item: dict[str, Any], factor: int) -> None:
        plain = _plain(item)
        units = max(1, math.ceil(item_size(plain) / KB))
        spec = self._tables.get(table)
        copies, keys_only = self._index_writes(spec, plain) if spec else (0, 0)
        in_indexes = units * copies
        total = factor * units + in_indexes
        self.units.wru += total
        self.units.wru_in_indexes += in_indexes
        self.units.wru_keys_only += factor * units + keys_only
        name = spec.name if spec else table
        self.units.by_table[name] = self.units.by_table.get(name, 0.0) + total

    def _index_writes(self, spec: Table, item: dict[str, Any]) -> tuple[int, int]:
        """The index writes of one item write: (with ALL projected, with keys only projected)."""
        identity = (spec.name, repr([item.get(spec.pk), item.get(spec.sk or "")]))
        before = self._index_keys.get(identity, {})
        after = {i.name: repr([item[i.pk], item.get(i.sk or "")]) for i in spec.indexes if i.pk in item}
        self._index_keys[identity] = after
        copies = keys_only = 0
        for index in {*before, *after}:
            moved = index in before and index in after and before[index] != after[index]
            copies += 2 if moved else 1
            keys_only += 2 if moved else int(before.get(index) != after.get(index))
        return copies, keys_only
