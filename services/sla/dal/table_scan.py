"""A paginated Scan of a whole table: only for the operator's rebuild, never on a request path."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from shared.aws import table


def scan(table_name: str) -> Iterator[dict[str, Any]]:
    kwargs: dict[str, Any] = {}
    while True:
        page = table(table_name).scan(**kwargs)
        yield from page["Items"]
        if "LastEvaluatedKey" not in page:
            return
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
