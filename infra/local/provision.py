"""Creates every table, bucket, queue (+ DLQ), bus and rule of the topology on an emulated AWS.

Used by the local runner and by the integration tests, so both see exactly what CDK deploys. Only what
the emulator can run is created: no Lambda functions, event source mappings or Lambda rule targets
(moto cannot run Lambda code without Docker; the runner calls the handlers itself).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import boto3

from infra.topology import TOPOLOGY, Table, Topology

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_events import EventBridgeClient
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_sqs import SQSClient

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
    if spec.stream:
        kwargs["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}
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
    _create_tables(session.client("dynamodb"), topology, res)
    _create_pipe_dead_letter_queues(session.client("sqs"), topology, res)
    _create_buckets(session.client("s3"), topology, res)
    events = session.client("events")
    bus = physical(topology, topology.bus_name)
    events.create_event_bus(Name=bus)
    res.env[topology.bus_env] = bus
    queue_arns = _create_queues(session.client("sqs"), topology, visibility_timeout_s, res)
    _create_rules(events, topology, bus, queue_arns)
    session.client("ses").verify_email_identity(EmailAddress=MAIL_FROM)
    res.env.update(MAIL_FROM=MAIL_FROM, AWS_REGION=region, AWS_DEFAULT_REGION=region)
    return res


def _create_tables(ddb: DynamoDBClient, topology: Topology, res: Resources) -> None:
    for spec in topology.tables:
        name = physical(topology, spec.name)
        _create_table(ddb, name, spec)
        res.env[spec.env] = name


def _create_pipe_dead_letter_queues(sqs: SQSClient, topology: Topology, res: Resources) -> None:
    """Where a pipe's batches go once its retries are spent (the local pipe sends them, as Pipes does)."""
    for pipe in topology.pipes:
        res.dlq_urls[pipe.name] = sqs.create_queue(QueueName=physical(topology, f"{pipe.name}-dlq"))[
            "QueueUrl"
        ]


def _create_buckets(s3: S3Client, topology: Topology, res: Resources) -> None:
    for bucket in topology.buckets:
        name = physical(topology, bucket.name)
        s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": res.region})  # type: ignore[typeddict-item]
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


def _queue_arn(sqs: SQSClient, url: str) -> str:
    return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


def _create_queues(
    sqs: SQSClient, topology: Topology, visibility_timeout_s: int, res: Resources
) -> dict[str, str]:
    """Each queue with its dead-letter queue; returns the queues' ARNs by name."""
    queue_arns: dict[str, str] = {}
    for queue in topology.queues:
        dlq_url = sqs.create_queue(QueueName=physical(topology, f"{queue.name}-dlq"))["QueueUrl"]
        url = sqs.create_queue(
            QueueName=physical(topology, queue.name),
            Attributes={
                "VisibilityTimeout": str(visibility_timeout_s),
                "RedrivePolicy": json.dumps(
                    {
                        "deadLetterTargetArn": _queue_arn(sqs, dlq_url),
                        "maxReceiveCount": str(queue.max_receive_count),
                    }
                ),
            },
        )["QueueUrl"]
        queue_arns[queue.name] = _queue_arn(sqs, url)
        res.queue_urls[queue.name] = url
        res.dlq_urls[queue.name] = dlq_url
        if queue.env:  # functions that send to this queue learn its URL from this variable
            res.env[queue.env] = url
    return queue_arns


def _create_rules(
    events: EventBridgeClient, topology: Topology, bus: str, queue_arns: dict[str, str]
) -> None:
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
