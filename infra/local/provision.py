"""Creates every table, bucket, queue (+ DLQ), bus and rule of the topology on an emulated AWS.

Used by the local runner and by the integration tests, so both see exactly what CDK deploys. Only what
the emulator can run is created: no Lambda functions, event source mappings or Lambda rule targets
(moto cannot run Lambda code without Docker; the runner calls the handlers itself).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import boto3

from infra.topology import TOPOLOGY, Table, Topology

LOCAL_VISIBILITY_TIMEOUT_S = 3  # short, so a failed message is retried (and dead-lettered) within seconds
MAIL_FROM = "phananh@phananh-demo.vn"


@dataclass
class Resources:
    region: str
    env: dict[str, str] = field(default_factory=dict)
    queue_urls: dict[str, str] = field(default_factory=dict)
    dlq_urls: dict[str, str] = field(default_factory=dict)


def physical(topology: Topology, name: str) -> str:
    return f"{topology.app}-{name}"


def _create_table(ddb: Any, name: str, spec: Table) -> None:
    keys = {spec.pk} | ({spec.sk} if spec.sk else set())
    for index in spec.indexes:
        keys |= {index.pk} | ({index.sk} if index.sk else set())
    schema = [{"AttributeName": spec.pk, "KeyType": "HASH"}]
    if spec.sk:
        schema.append({"AttributeName": spec.sk, "KeyType": "RANGE"})
    kwargs: dict[str, Any] = {
        "TableName": name,
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": k, "AttributeType": "S"} for k in sorted(keys)],
        "KeySchema": schema,
    }
    if spec.indexes:
        kwargs["GlobalSecondaryIndexes"] = [
            {
                "IndexName": index.name,
                "KeySchema": [{"AttributeName": index.pk, "KeyType": "HASH"}]
                + ([{"AttributeName": index.sk, "KeyType": "RANGE"}] if index.sk else []),
                "Projection": {"ProjectionType": "ALL"},
            }
            for index in spec.indexes
        ]
    ddb.create_table(**kwargs)
    if spec.ttl_attribute:
        ddb.update_time_to_live(
            TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": spec.ttl_attribute}
        )


def provision(
    session: boto3.Session,
    topology: Topology = TOPOLOGY,
    visibility_timeout_s: int = LOCAL_VISIBILITY_TIMEOUT_S,
) -> Resources:
    region = session.region_name or "ap-southeast-1"
    res = Resources(region=region)
    ddb = session.client("dynamodb")
    s3 = session.client("s3")
    sqs = session.client("sqs")
    events = session.client("events")
    ses = session.client("ses")

    for spec in topology.tables:
        name = physical(topology, spec.name)
        _create_table(ddb, name, spec)
        res.env[spec.env] = name

    for bucket in topology.buckets:
        name = physical(topology, bucket.name)
        s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": region})  # type: ignore[typeddict-item]
        s3.put_public_access_block(
            Bucket=name,
            PublicAccessBlockConfiguration={
                "BlockPublicAcls": True,
                "IgnorePublicAcls": True,
                "BlockPublicPolicy": True,
                "RestrictPublicBuckets": True,
            },
        )
        res.env[bucket.env] = name

    bus = physical(topology, topology.bus_name)
    events.create_event_bus(Name=bus)
    res.env[topology.bus_env] = bus

    queue_arns: dict[str, str] = {}
    for queue in topology.queues:
        dlq_url = sqs.create_queue(QueueName=physical(topology, f"{queue.name}-dlq"))["QueueUrl"]
        dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"
        ]
        url = sqs.create_queue(
            QueueName=physical(topology, queue.name),
            Attributes={
                "VisibilityTimeout": str(visibility_timeout_s),
                "RedrivePolicy": json.dumps(
                    {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": str(queue.max_receive_count)}
                ),
            },
        )["QueueUrl"]
        queue_arns[queue.name] = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])[
            "Attributes"
        ]["QueueArn"]
        res.queue_urls[queue.name] = url
        res.dlq_urls[queue.name] = dlq_url
        if queue.env:  # issue 7: senders learn the queue's URL
            res.env[queue.env] = url

    for rule in topology.rules:
        pattern: dict[str, Any] = {"detail-type": list(rule.detail_types)}
        if rule.sources:
            pattern["source"] = list(rule.sources)
        events.put_rule(
            Name=physical(topology, rule.name), EventBusName=bus, EventPattern=json.dumps(pattern)
        )
        events.put_targets(
            Rule=physical(topology, rule.name),
            EventBusName=bus,
            Targets=[{"Id": rule.queue, "Arn": queue_arns[rule.queue]}],
        )

    ses.verify_email_identity(EmailAddress=MAIL_FROM)
    res.env.update(MAIL_FROM=MAIL_FROM, AWS_REGION=region, AWS_DEFAULT_REGION=region)
    return res
