"""The stats table on DynamoDB: counters per month and dimension, and one fact row per report."""

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
CHECK_FAILED = "ConditionalCheckFailed"


def _additions(table_name: str, deltas: dict[tuple[str, str], dict[str, int]]) -> list[dict[str, Any]]:
    items = []
    for (pk, sk), counts in sorted(deltas.items()):
        names = {f"#c{i}": name for i, name in enumerate(counts)}
        values = {f":c{i}": {"N": str(value)} for i, value in enumerate(counts.values())}
        items.append(
            {
                "Update": {
                    "TableName": table_name,
                    "Key": {"pk": {"S": pk}, "sk": {"S": sk}},
                    "UpdateExpression": "ADD " + ", ".join(f"#c{i} :c{i}" for i in range(len(counts))),
                    "ExpressionAttributeNames": names,
                    "ExpressionAttributeValues": values,
                }
            }
        )
    return items


class StatsRepository:
    """The StatsStore of the stats table (see logic/ports.py).

        pk = M#<YYYY-MM>     sk = <agency|category|area>#<value>  counters (ADDed to, never rewritten live)
        pk = FACTS#<YYYY-MM> sk = <YYYY-MM-DD>#<report id>        the report's fact as of its newest
                                                                  counted commit (`seq`), and `seqs`:
                                                                  every commit of it counted

    A commit's counter deltas are written in one transaction with its number added to `seqs`, conditional
    on its absence there: a redelivered event cancels it and nothing is counted twice. A commit that moves
    no counter writes its fact row alone, with the same condition, in one UpdateItem: a transaction bills
    each of its items twice.
    """

    def __init__(self, table_name: str | None = None) -> None:
        self.table_name = table_name or get_settings().stats_table

    @property
    def _table(self) -> Any:
        return table(self.table_name)

    def count(
        self, report_id: str, seq: int, row: dict[str, Any], deltas: dict[tuple[str, str], dict[str, int]]
    ) -> bool:
        """In order (the common case), one transaction: the fact row, newer than the stored one, rewritten
        with `seq` added to the commits it counts, and the ADDs. Else (an older commit arriving late, or one
        counted already) a second: `seq` added to the row unless it is there, and the ADDs."""
        additions = _additions(self.table_name, deltas)
        reasons = self._write([self._newer_fact(row, seq), *additions])
        if reasons and reasons[0] == CHECK_FAILED:
            reasons = self._write([self._counted(row, seq), *additions])
            if reasons and reasons[0] == CHECK_FAILED:
                return False
        if reasons:
            raise Conflict("Số liệu đang được cập nhật.", "The figures changed meanwhile.")
        return True

    def _newer_fact(self, row: dict[str, Any], seq: int) -> dict[str, Any]:
        # Every counted seq is at most the stored row's: a newer one cannot have been counted.
        fields = {k: v for k, v in marshal(row).items() if k not in ("pk", "sk")}
        names = {f"#f{i}": name for i, name in enumerate(fields)}
        values = {f":f{i}": value for i, value in enumerate(fields.values())}
        assignments = ", ".join(f"#f{i} = :f{i}" for i in range(len(fields)))
        return {
            "Update": {
                "TableName": self.table_name,
                "Key": {"pk": {"S": row["pk"]}, "sk": {"S": row["sk"]}},
                "UpdateExpression": f"SET {assignments} ADD seqs :seqs",
                "ConditionExpression": "attribute_not_exists(pk) OR #seq < :seq",
                "ExpressionAttributeNames": {**names, "#seq": "seq"},
                "ExpressionAttributeValues": {**values, ":seq": {"N": str(seq)}, ":seqs": {"NS": [str(seq)]}},
            }
        }

    def _counted(self, row: dict[str, Any], seq: int) -> dict[str, Any]:
        return {
            "Update": {
                "TableName": self.table_name,
                "Key": {"pk": {"S": row["pk"]}, "sk": {"S": row["sk"]}},
                "UpdateExpression": "ADD seqs :seqs",
                "ConditionExpression": "attribute_exists(pk) AND NOT contains(seqs, :seq)",
                "ExpressionAttributeValues": {":seq": {"N": str(seq)}, ":seqs": {"NS": [str(seq)]}},
            }
        }

    def _write(self, items: list[dict[str, Any]]) -> list[str]:
        """One item: a conditional UpdateItem (billed once, not twice as in a transaction); else a
        transaction. The cancellation reason of each item, or [] when written."""
        if len(items) > 1:
            return self._transact(items)
        try:
            client("dynamodb").update_item(**items[0]["Update"])
        except ClientError as error:
            if error.response["Error"]["Code"] != f"{CHECK_FAILED}Exception":
                raise
            return [CHECK_FAILED]
        return []

    def _transact(self, items: list[dict[str, Any]]) -> list[str]:
        """The cancellation reason of each item, or [] when the transaction was written."""
        try:
            client("dynamodb").transact_write_items(TransactItems=items)
        except ClientError as error:
            if error.response["Error"]["Code"] != "TransactionCanceledException":
                raise
            return [
                reason.get("Code", "None") for reason in error.response.get("CancellationReasons", [])
            ] or ["Unknown"]
        return []

    def counters(self, period: str) -> list[dict[str, Any]]:
        """Every counter item of one month ("M#2026-11"): one partition, one Query."""
        return [plain(item) for item in self._query(Key("pk").eq(period))]

    def facts(self, month: str, **equal: str) -> Iterator[dict[str, Any]]:
        """The fact rows of a month, optionally filtered on top-level attributes (agency, category...)."""
        condition: Any = None
        for name, value in equal.items():
            clause = Attr(name).eq(value)
            condition = clause if condition is None else condition & clause
        for item in self._query(Key("pk").eq(f"{FACTS}{month}"), condition):
            yield plain(item)

    def day_facts(self, day: str) -> Iterator[dict[str, Any]]:
        """The fact rows of one day: a range of its month's partition (their sk starts with the day)."""
        key = Key("pk").eq(f"{FACTS}{day[:7]}") & Key("sk").begins_with(f"{day}#")
        for item in self._query(key):
            yield plain(item)

    def all_facts(self) -> Iterator[dict[str, Any]]:
        """Every fact row (a Scan: the rebuild's check only)."""
        for item in scan(self.table_name):
            if str(item["pk"]).startswith(FACTS):
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
