"""Conversions between Python values and DynamoDB items (DynamoDB wants Decimal, gives back Decimal)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from boto3.dynamodb.types import TypeSerializer

_serializer = TypeSerializer()


def to_item(data: dict[str, Any]) -> dict[str, Any]:
    """JSON-shaped data as a resource-API item: floats become Decimal, anything else its string."""
    return json.loads(json.dumps(data, default=str), parse_float=Decimal)


def marshal(item: dict[str, Any]) -> dict[str, Any]:
    """A resource-API item in the low-level client's typed form (for TransactWriteItems)."""
    return {k: _serializer.serialize(v) for k, v in item.items()}


def plain(value: Any) -> Any:
    """Decimals read back from DynamoDB as int when whole, float otherwise, through dicts and lists."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
