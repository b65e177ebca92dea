"""Least privilege: a function gets exactly the access its topology entry declares, and nothing more."""

from __future__ import annotations

from aws_cdk import Stack
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_

from infra.constructs.storage import Storage
from infra.topology import Function


def grant_declared_access(
    fn: lambda_.Function, spec: Function, storage: Storage, bus: events.EventBus
) -> None:
    for table_name, access in spec.tables.items():
        table = storage.tables[table_name]
        # Both grants cover the table's indexes too; "write" includes reading, as the repositories do both.
        (table.grant_read_write_data if access == "write" else table.grant_read_data)(fn)
    if spec.bucket_access:
        # The topology declares bucket access per function, not per bucket.
        for bucket in storage.buckets.values():
            (bucket.grant_read_write if spec.bucket_access == "write" else bucket.grant_read)(fn)
    if spec.publishes:
        bus.grant_put_events_to(fn)
    if spec.sends_email:
        fn.add_to_role_policy(
            iam.PolicyStatement(
                actions=["ses:SendEmail", "ses:SendRawEmail"],
                # Any verified identity of this account and region: narrow it to the sending domain once the
                # production identity (domain or address) is decided.
                resources=[Stack.of(fn).format_arn(service="ses", resource="identity", resource_name="*")],
            )
        )
    if spec.sends_sms:  # issue 7: SMS to a phone number (direct publish, no topic)
        # Publishing to a phone number has no resource ARN, so the allow is "*" and topics are denied.
        fn.add_to_role_policy(iam.PolicyStatement(actions=["sns:Publish"], resources=["*"]))
        fn.add_to_role_policy(
            iam.PolicyStatement(
                effect=iam.Effect.DENY,
                actions=["sns:Publish"],
                resources=[Stack.of(fn).format_arn(service="sns", resource="*", region="*", account="*")],
            )
        )
