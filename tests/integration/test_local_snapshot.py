"""The local run's snapshot, taken from one emulated account and restored into a fresh one: every item
(binary values too), object, queued and dead message and staff account comes back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
from moto.moto_api._internal.models import moto_api_backend

from infra.local import snapshot
from infra.local.cognito import provision_user_pool
from infra.local.provision import Resources, provision
from infra.topology import TOPOLOGY
from tests.support import PASSWORD, REGION


def fill(session: boto3.Session, aws: Resources) -> None:
    session.client("dynamodb").put_item(
        TableName=aws.env["REPORTS_TABLE"],
        Item={"pk": {"S": "PA-2222-3333"}, "sk": {"S": "META"}, "blob": {"B": b"\x00\xff"}},
    )
    session.client("s3").put_object(
        Bucket=aws.env["PHOTOS_BUCKET"],
        Key="public/PA-2222-3333/u1.jpg",
        Body=b"jpeg",
        ContentType="image/jpeg",
    )
    sqs = session.client("sqs")
    sqs.send_message(QueueUrl=aws.queue_urls["routing"], MessageBody='{"waiting": true}')
    sqs.send_message(QueueUrl=aws.dlq_urls["notify"], MessageBody='{"dead": true}')


def test_a_snapshot_restores_into_a_fresh_emulator(
    aws: Resources, pool: dict[str, Any], tmp_path: Path
) -> None:
    session = boto3.Session(region_name=REGION)
    fill(session, aws)
    folder = tmp_path / "snapshot"
    taken = snapshot.take(session, aws, pool["pool_id"], folder, {"note": "kept"})
    assert (taken["reports"], taken["bucket:photos"], taken["users"]) == (1, 1, 5)
    assert (taken["messages:queues"], taken["messages:dead_letter_queues"]) == (1, 1)
    assert snapshot.saved_extra(folder) is not None

    moto_api_backend.reset()  # the emulator as at a new start: nothing but the topology below
    fresh = provision(session, TOPOLOGY, visibility_timeout_s=0)
    new_pool = provision_user_pool(session, TOPOLOGY, "http://emulator", ["dien-luc", "so-xay-dung"])
    assert snapshot.restore(session, fresh, new_pool.pool_id, folder) == taken
    item = session.client("dynamodb").get_item(
        TableName=fresh.env["REPORTS_TABLE"], Key={"pk": {"S": "PA-2222-3333"}, "sk": {"S": "META"}}
    )["Item"]
    assert item["blob"]["B"] == b"\x00\xff"
    photo = session.client("s3").get_object(
        Bucket=fresh.env["PHOTOS_BUCKET"], Key="public/PA-2222-3333/u1.jpg"
    )
    assert (photo["Body"].read(), photo["ContentType"]) == (b"jpeg", "image/jpeg")
    [waiting] = session.client("sqs").receive_message(QueueUrl=fresh.queue_urls["routing"])["Messages"]
    assert waiting["Body"] == '{"waiting": true}'
    idp = session.client("cognito-idp")
    signed_in = idp.initiate_auth(
        ClientId=new_pool.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "dl", "PASSWORD": PASSWORD},
    )
    assert signed_in["AuthenticationResult"]["IdToken"]  # the account and its password are back
    groups = idp.admin_list_groups_for_user(UserPoolId=new_pool.pool_id, Username="dl")["Groups"]
    assert [g["GroupName"] for g in groups] == ["agency:dien-luc"]
