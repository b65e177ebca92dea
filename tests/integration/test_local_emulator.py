"""The local run's emulator (infra/local/aws_emulator.py) answers as moto does, under concurrent calls too:
a cancelled transaction changes nothing, a key Query returns its partition page by page, binary values
come back as written, and transactions from many threads at once all land, none answered with a 500."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from infra.local.aws_emulator import LocalEmulator
from infra.local.launch import free_port

REGION = "ap-southeast-1"


@pytest.fixture(scope="module")
def ddb() -> Iterator[Any]:
    emulator = LocalEmulator("127.0.0.1", free_port())
    emulator.start()
    client = boto3.client(
        "dynamodb",
        endpoint_url=f"http://127.0.0.1:{emulator.port}",
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    try:
        yield client
    finally:
        emulator.stop()


def _table(ddb: Any, name: str) -> str:
    ddb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
        ],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )
    return name


def _item(ddb: Any, table: str, pk: str, sk: str) -> dict[str, Any] | None:
    return ddb.get_item(TableName=table, Key={"pk": {"S": pk}, "sk": {"S": sk}}, ConsistentRead=True).get(
        "Item"
    )


def _stream_records(table: str) -> int:
    from moto.dynamodb.models import dynamodb_backends

    shard = dynamodb_backends["123456789012"][REGION].tables[table].stream_shard
    return len(shard.items)


def test_a_cancelled_transaction_leaves_every_item_and_the_stream_as_they_were(ddb: Any) -> None:
    table = _table(ddb, "cancelled")
    ddb.put_item(TableName=table, Item={"pk": {"S": "r1"}, "sk": {"S": "META"}, "version": {"N": "1"}})
    records = _stream_records(table)
    with pytest.raises(ClientError) as cancelled:
        ddb.transact_write_items(
            TransactItems=[
                {"Put": {"TableName": table, "Item": {"pk": {"S": "r1"}, "sk": {"S": "EVENT#1"}}}},
                {
                    "Update": {
                        "TableName": table,
                        "Key": {"pk": {"S": "r1"}, "sk": {"S": "META"}},
                        "UpdateExpression": "SET version = :two",
                        "ExpressionAttributeValues": {":two": {"N": "2"}},
                    }
                },
                {
                    "ConditionCheck": {
                        "TableName": table,
                        "Key": {"pk": {"S": "r2"}, "sk": {"S": "META"}},
                        "ConditionExpression": "attribute_exists(pk)",
                    }
                },
            ]
        )
    assert cancelled.value.response["Error"]["Code"] == "TransactionCanceledException"
    assert _item(ddb, table, "r1", "EVENT#1") is None
    assert _item(ddb, table, "r1", "META") == {"pk": {"S": "r1"}, "sk": {"S": "META"}, "version": {"N": "1"}}
    assert _stream_records(table) == records


def test_a_key_query_returns_its_partition_only_page_by_page(ddb: Any) -> None:
    table = _table(ddb, "partitions")
    for pk in ("a", "b"):
        for n in range(5):
            ddb.put_item(TableName=table, Item={"pk": {"S": pk}, "sk": {"S": f"EVENT#{n}"}})
    query = {
        "TableName": table,
        "KeyConditionExpression": "pk = :pk AND begins_with(sk, :e)",
        "ExpressionAttributeValues": {":pk": {"S": "b"}, ":e": {"S": "EVENT#"}},
        "Limit": 3,
    }
    first = ddb.query(**query)
    rest = ddb.query(**query, ExclusiveStartKey=first["LastEvaluatedKey"])
    seen = [(i["pk"]["S"], i["sk"]["S"]) for i in first["Items"] + rest["Items"]]
    assert seen == [("b", f"EVENT#{n}") for n in range(5)]
    assert "LastEvaluatedKey" not in rest


def test_reads_give_binary_sets_and_numbers_back_as_written(ddb: Any) -> None:
    table = _table(ddb, "values")
    item = {
        "pk": {"S": "r1"},
        "sk": {"S": "META"},
        "blob": {"B": b"\x00\xff"},
        "tags": {"SS": ["a", "b"]},
        "nested": {"M": {"list": {"L": [{"N": "1.5"}, {"BOOL": True}, {"NULL": True}, {"S": "Cà Mau"}]}}},
    }
    ddb.put_item(TableName=table, Item=item)
    assert _item(ddb, table, "r1", "META") == item
    scanned = ddb.scan(TableName=table)["Items"]
    assert scanned == [item]


def test_stream_records_give_the_images_and_their_time_back_as_written(ddb: Any) -> None:
    table = _table(ddb, "streamed")
    item = {"pk": {"S": "r1"}, "sk": {"S": "META"}, "blob": {"B": b"\x00\xff"}, "n": {"N": "2"}}
    before = datetime.now(UTC) - timedelta(seconds=5)
    ddb.put_item(TableName=table, Item=item)
    streams = boto3.client(
        "dynamodbstreams",
        endpoint_url=ddb.meta.endpoint_url,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    arn = ddb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")
    (record,) = streams.get_records(ShardIterator=iterator["ShardIterator"])["Records"]
    assert record["eventName"] == "INSERT"
    assert record["dynamodb"]["NewImage"] == item
    assert record["dynamodb"]["Keys"] == {"pk": {"S": "r1"}, "sk": {"S": "META"}}
    written = record["dynamodb"]["ApproximateCreationDateTime"]
    assert before <= written <= datetime.now(UTC) + timedelta(seconds=5)


def test_transactions_from_many_threads_all_land_without_a_server_error(ddb: Any) -> None:
    table = _table(ddb, "concurrent")
    for n in range(300):
        ddb.put_item(TableName=table, Item={"pk": {"S": f"old{n}"}, "sk": {"S": "META"}})

    def write(n: int) -> None:
        ddb.transact_write_items(
            TransactItems=[
                {"Put": {"TableName": table, "Item": {"pk": {"S": f"new{n}"}, "sk": {"S": sk}}}}
                for sk in ("META", "EVENT#1")
            ]
        )

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(write, range(80)))
    assert all(_item(ddb, table, f"new{n}", "EVENT#1") for n in range(80))


def test_services_and_actions_are_found_as_moto_finds_them(ddb: Any) -> None:
    import inspect
    import os

    import moto
    import moto.backends as backends
    import moto.core.responses as responses
    from moto.dynamodb.responses import DynamoHandler
    from moto.sqs.responses import SQSResponse

    folder = os.path.dirname(moto.__file__)
    listed = [
        name
        for name in sorted(os.listdir(folder))
        if os.path.isdir(os.path.join(folder, name)) and not name.startswith("__")
    ]
    assert list(backends.list_of_moto_modules()) == listed
    assert list(backends.list_of_moto_modules()) == listed  # read again: the same, not a spent iterator
    for handler in (DynamoHandler, SQSResponse, DynamoHandler):
        methods = [name for name, _ in inspect.getmembers(handler, predicate=inspect.isfunction)]
        assert responses.method_names_from_class(handler) == methods
    assert ddb.list_tables()["TableNames"] is not None
