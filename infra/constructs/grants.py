"""Least privilege: a function gets exactly the access its topology entry declares, and nothing more."""

from __future__ import annotations

from aws_cdk import Stack
from aws_cdk import aws_cognito as cognito
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


def grant_user_pool_groups(fn: lambda_.Function, pool: cognito.IUserPool) -> None:
    """issue 4: creating an agency creates its `agency:<id>` group; nothing else on the pool (no users)."""
    fn.add_to_role_policy(
        iam.PolicyStatement(
            actions=["cognito-idp:CreateGroup", "cognito-idp:GetGroup"], resources=[pool.user_pool_arn]
        )
    )
