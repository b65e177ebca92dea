"""The stats table on DynamoDB: counters per period and dimension, and one fact row per report."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

from services.sla.dal.table_scan import scan
from shared.aws import client, table
from shared.config import get_settings
from shared.errors import Conflict
from shared.items import marshal, plain

FACTS = "FACTS#"


class StatsRepository:
    """The StatsStore of the stats table (see logic/ports.py).

        pk = M#<YYYY-MM> | D#<YYYY-MM-DD>  sk = <dimension>#<value>  counters (ADDed to, never rewritten live)
        pk = FACTS#<YYYY-MM>               sk = <report id>          the report's fact, its event state, the
                                                                     ids of the events applied, a version

    A report's fact row and the counter deltas it implies are written in one transaction, conditional on
    the fact row's version: two events of one report processed at once → one wins, the other retries.
    """

    def __init__(self, table_name: str | None = None) -> None:
        self.table_name = table_name or get_settings().stats_table

    @property
    def _table(self) -> Any:
        return table(self.table_name)

    def fact_row(self, month: str, report_id: str) -> dict[str, Any] | None:
        item = self._table.get_item(Key={"pk": f"{FACTS}{month}", "sk": report_id}, ConsistentRead=True).get(
            "Item"
        )
        return plain(item) if item else None

    def apply(
        self,
        row: dict[str, Any],
        expected_version: int | None,
        deltas: dict[tuple[str, str], dict[str, int]],
    ) -> None:
        """Writes the fact row and ADDs the deltas, all or nothing."""
        put: dict[str, Any] = {"TableName": self.table_name, "Item": marshal(row)}
        if expected_version is None:
            put["ConditionExpression"] = "attribute_not_exists(pk)"
        else:
            put["ConditionExpression"] = "v = :v"
            put["ExpressionAttributeValues"] = {":v": {"N": str(expected_version)}}
        items: list[dict[str, Any]] = [{"Put": put}]
        for (pk, sk), counts in sorted(deltas.items()):
            names = {f"#c{i}": name for i, name in enumerate(counts)}
            values = {f":c{i}": {"N": str(value)} for i, value in enumerate(counts.values())}
            items.append(
                {
                    "Update": {
                        "TableName": self.table_name,
                        "Key": {"pk": {"S": pk}, "sk": {"S": sk}},
                        "UpdateExpression": "ADD " + ", ".join(f"#c{i} :c{i}" for i in range(len(counts))),
                        "ExpressionAttributeNames": names,
                        "ExpressionAttributeValues": values,
                    }
                }
            )
        try:
            client("dynamodb").transact_write_items(TransactItems=items)
        except ClientError as error:
            if error.response["Error"]["Code"] == "TransactionCanceledException":
                raise Conflict("Số liệu đang được cập nhật.", "The figures changed meanwhile.") from error
            raise

    def counters(self, period: str) -> list[dict[str, Any]]:
        """Every counter item of one period ("M#2026-11" or "D#2026-11-23"): one partition, one Query."""
        return [plain(item) for item in self._query(Key("pk").eq(period))]

    def facts(self, month: str, **equal: str) -> Iterator[dict[str, Any]]:
        """The fact rows of a month, optionally filtered on top-level attributes (agency, category...)."""
        condition: Any = None
        for name, value in equal.items():
            clause = Attr(name).eq(value)
            condition = clause if condition is None else condition & clause
        for item in self._query(Key("pk").eq(f"{FACTS}{month}"), condition):
            yield plain(item)

    def all_counters(self) -> dict[tuple[str, str], dict[str, int]]:
        """Every counter item (a Scan: the rebuild's check only), zeros left out as the recomputation does."""
        found: dict[tuple[str, str], dict[str, int]] = {}
        for item in scan(self.table_name):
            if str(item["pk"]).startswith(FACTS):
                continue
            counts = {k: v for k, v in plain(item).items() if k not in ("pk", "sk") and v}
            if counts:
                found[(item["pk"], item["sk"])] = counts
        return found

    def replace_all(self, rows: Iterable[dict[str, Any]]) -> None:
        """Deletes every item, then writes `rows` (the rebuild; run it with the stats consumer paused)."""
        old = [(item["pk"], item["sk"]) for item in scan(self.table_name)]
        with self._table.batch_writer() as batch:
            for pk, sk in old:
                batch.delete_item(Key={"pk": pk, "sk": sk})
        with self._table.batch_writer() as batch:
            for row in rows:
                batch.put_item(Item=row)

    def _query(self, key: Any, condition: Any = None) -> Iterator[dict[str, Any]]:
        kwargs: dict[str, Any] = {"KeyConditionExpression": key}
        if condition is not None:
            kwargs["FilterExpression"] = condition
        while True:
            response = self._table.query(**kwargs)
            yield from response["Items"]
            if "LastEvaluatedKey" not in response:
                return
            kwargs["ExclusiveStartKey"] = response["LastEvaluatedKey"]
