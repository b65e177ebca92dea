"""The runner's in-process calls to the emulator (infra/local/in_process_calls.py) answer exactly as the
emulator's port does, for each protocol the handlers speak (DynamoDB's JSON, S3's REST-XML with binary
bodies, SQS's JSON, SES's query XML, EventBridge), errors included, without a socket: the in-process
client is pointed at a port where nothing listens."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from infra.local.aws_emulator import LocalEmulator
from infra.local.in_process_calls import InProcessCalls
from infra.local.launch import free_port

REGION = "ap-southeast-1"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


class Pair:
    """The same service through the port (`http`) and in process (`direct`, no server at its URL)."""

    def __init__(self, emulator: LocalEmulator) -> None:
        assert emulator.app is not None
        nowhere = f"http://127.0.0.1:{free_port()}"  # nothing listens: an answer proves no socket was used
        self._direct = boto3.Session(region_name=REGION, **CREDENTIALS)
        InProcessCalls(nowhere, emulator.app).install(self._direct.events)
        self._http = boto3.Session(region_name=REGION, **CREDENTIALS)
        self._urls = (f"http://127.0.0.1:{emulator.port}", nowhere)

    def http(self, service: str) -> Any:
        return self._http.client(service, endpoint_url=self._urls[0])  # type: ignore[call-overload]

    def direct(self, service: str) -> Any:
        return self._direct.client(service, endpoint_url=self._urls[1])  # type: ignore[call-overload]


@pytest.fixture(scope="module")
def pair() -> Iterator[Pair]:
    emulator = LocalEmulator("127.0.0.1", free_port())
    emulator.start()
    try:
        yield Pair(emulator)
    finally:
        emulator.stop()


def _answer(response: dict[str, Any]) -> dict[str, Any]:
    """An answer without what differs per request (ids, dates, retry counts)."""
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def _error(call: Any, **kwargs: Any) -> str:
    with pytest.raises(ClientError) as failed:
        call(**kwargs)
    return str(failed.value.response["Error"]["Code"])


def test_dynamodb_items_queries_and_a_failed_condition_answer_alike(pair: Pair) -> None:
    direct, http = pair.direct("dynamodb"), pair.http("dynamodb")
    direct.create_table(
        TableName="reports",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    item = {"pk": {"S": "r1"}, "sk": {"S": "META"}, "blob": {"B": b"\x00\xff"}, "text": {"S": "Cà Mau"}}
    direct.put_item(TableName="reports", Item=item)
    key = {"pk": {"S": "r1"}, "sk": {"S": "META"}}
    assert direct.get_item(TableName="reports", Key=key)["Item"] == item
    query = {
        "TableName": "reports",
        "KeyConditionExpression": "pk = :pk",
        "ExpressionAttributeValues": {":pk": {"S": "r1"}},
    }
    assert _answer(direct.query(**query)) == _answer(http.query(**query))
    conditional = {"TableName": "reports", "Item": item, "ConditionExpression": "attribute_not_exists(pk)"}
    assert _error(direct.put_item, **conditional) == _error(http.put_item, **conditional)
    assert _error(direct.put_item, **conditional) == "ConditionalCheckFailedException"


def test_s3_binary_objects_heads_and_a_missing_key_answer_alike(pair: Pair) -> None:
    direct, http = pair.direct("s3"), pair.http("s3")
    direct.create_bucket(Bucket="photos", CreateBucketConfiguration={"LocationConstraint": REGION})
    photo = bytes(range(256)) * 40
    direct.put_object(Bucket="photos", Key="r1/ảnh 1.jpg", Body=photo, ContentType="image/jpeg")
    assert direct.get_object(Bucket="photos", Key="r1/ảnh 1.jpg")["Body"].read() == photo
    assert http.get_object(Bucket="photos", Key="r1/ảnh 1.jpg")["Body"].read() == photo
    direct_head = _answer(direct.head_object(Bucket="photos", Key="r1/ảnh 1.jpg"))
    http_head = _answer(http.head_object(Bucket="photos", Key="r1/ảnh 1.jpg"))
    assert direct_head == http_head
    assert direct_head["ContentLength"] == len(photo)
    assert _error(direct.get_object, Bucket="photos", Key="none") == "NoSuchKey"
    assert _error(direct.head_object, Bucket="photos", Key="none") == "404"
    listed = [o["Key"] for o in direct.list_objects_v2(Bucket="photos")["Contents"]]
    assert listed == ["r1/ảnh 1.jpg"]


def test_sqs_messages_sent_in_process_are_received_over_the_port_and_back(pair: Pair) -> None:
    direct, http = pair.direct("sqs"), pair.http("sqs")
    url = direct.create_queue(QueueName="routing")["QueueUrl"]
    direct.send_message(QueueUrl=url, MessageBody='{"detail": "Đèn hỏng"}')
    received = http.receive_message(QueueUrl=url, WaitTimeSeconds=1)["Messages"]
    assert [m["Body"] for m in received] == ['{"detail": "Đèn hỏng"}']
    http.send_message(QueueUrl=url, MessageBody="second")
    assert [m["Body"] for m in direct.receive_message(QueueUrl=url, WaitTimeSeconds=1)["Messages"]] == [
        "second"
    ]
    assert "Messages" not in direct.receive_message(QueueUrl=url, WaitTimeSeconds=1)
    assert _error(direct.get_queue_url, QueueName="none") == _error(http.get_queue_url, QueueName="none")


def test_ses_query_protocol_and_eventbridge_answer_alike(pair: Pair) -> None:
    direct, http = pair.direct("ses"), pair.http("ses")
    direct.verify_email_identity(EmailAddress="noreply@phananh.vn")
    assert _answer(direct.list_identities()) == _answer(http.list_identities())
    sent = direct.send_email(
        Source="noreply@phananh.vn",
        Destination={"ToAddresses": ["dan@example.vn"]},
        Message={"Subject": {"Data": "Phản ánh"}, "Body": {"Text": {"Data": "Đã tiếp nhận"}}},
    )
    assert sent["MessageId"]
    unverified = {
        "Source": "someone@else.vn",
        "Destination": {"ToAddresses": ["dan@example.vn"]},
        "Message": {"Subject": {"Data": "x"}, "Body": {"Text": {"Data": "x"}}},
    }
    assert _error(direct.send_email, **unverified) == _error(http.send_email, **unverified)
    events = pair.direct("events")
    put = events.put_events(Entries=[{"Source": "phananh", "DetailType": "Report.Submitted", "Detail": "{}"}])
    assert put["FailedEntryCount"] == 0


def test_a_request_for_another_address_is_left_to_the_network(pair: Pair) -> None:
    from botocore.awsrequest import AWSPreparedRequest

    def empty(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        start_response("200 OK", [])
        return [b""]

    hook = InProcessCalls("http://127.0.0.1:4566", empty)
    elsewhere = AWSPreparedRequest("GET", "http://127.0.0.1:45660/", {}, b"", False)
    assert hook(elsewhere) is None
    here = AWSPreparedRequest("GET", "http://127.0.0.1:4566/", {}, b"", False)
    assert hook(here) is not None


def test_a_crash_inside_the_app_is_a_server_error_as_over_the_port() -> None:
    from botocore.awsrequest import AWSPreparedRequest

    def crashing(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        raise RuntimeError("moto fell over")

    answer = InProcessCalls("http://127.0.0.1:4566", crashing)(
        AWSPreparedRequest("POST", "http://127.0.0.1:4566/", {}, b"{}", False)
    )
    assert answer is not None and answer.status_code == 500
