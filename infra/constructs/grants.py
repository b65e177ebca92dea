"""Least privilege: a function gets exactly the access its topology entry declares, and nothing more."""

from __future__ import annotations

from aws_cdk import Stack
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_

from infra.constructs.mail import Mail
from infra.constructs.nag import acknowledge, logical_id
from infra.constructs.storage import Storage
from infra.stage import StageConfig
from infra.topology import Access, Function

# Named object actions rather than CDK's grant_read_write wildcards (s3:GetObject*, s3:Abort*, s3:List*...).
OBJECT_ACTIONS = {
    "read": ["s3:GetObject"],
    "write": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
}


def _grant_table(fn: lambda_.Function, table: dynamodb.Table, access: str) -> None:
    # Both grants cover the table's indexes too; "write" includes reading, as the repositories do both.
    (table.grant_read_write_data if access == "write" else table.grant_read_data)(fn)
    if fn.role is not None:
        acknowledge(
            fn.role,
            f"AwsSolutions-IAM5[Resource::<{logical_id(table)}.Arn>/index/*]",
            "Queries through the table's own secondary indexes (declared in infra/topology.py).",
        )


def grant_declared_access(
    fn: lambda_.Function,
    spec: Function,
    storage: Storage,
    bus: events.EventBus,
    config: StageConfig,
    mail: Mail,
) -> None:
    for table_name, access in spec.tables.items():
        _grant_table(fn, storage.tables[table_name], access)
    if spec.bucket_access:
        _grant_buckets(fn, storage, spec.bucket_access)
    if spec.publishes:
        bus.grant_put_events_to(fn)
    if spec.sends_email:
        _grant_email(fn, config, mail)
    if spec.sends_sms:
        _grant_sms(fn)


def _grant_buckets(fn: lambda_.Function, storage: Storage, access: Access) -> None:
    # The topology declares bucket access per function, not per bucket.
    for bucket in storage.buckets.values():
        fn.add_to_role_policy(
            iam.PolicyStatement(actions=OBJECT_ACTIONS[access], resources=[bucket.arn_for_objects("*")])
        )
        if fn.role is not None:
            acknowledge(
                fn.role,
                f"AwsSolutions-IAM5[Resource::<{logical_id(bucket)}.Arn>/*]",
                "Object keys are chosen by the server per upload; the bucket holds nothing else.",
            )


def _grant_email(fn: lambda_.Function, config: StageConfig, mail: Mail) -> None:
    stack = Stack.of(fn)
    fn.add_to_role_policy(
        iam.PolicyStatement(
            actions=["ses:SendEmail", "ses:SendRawEmail"],
            # SES checks the sending identity (domain, address) and the configuration set used.
            resources=[
                stack.format_arn(service="ses", resource="identity", resource_name=config.mail_domain),
                stack.format_arn(service="ses", resource="identity", resource_name=config.mail_from),
                mail.configuration_set_arn,
            ],
        )
    )


def _grant_sms(fn: lambda_.Function) -> None:
    """SMS to a phone number: a direct publish, through no topic."""
    # Publishing to a phone number has no resource ARN, so the allow is "*" and topics are denied.
    fn.add_to_role_policy(iam.PolicyStatement(actions=["sns:Publish"], resources=["*"]))
    fn.add_to_role_policy(
        iam.PolicyStatement(
            effect=iam.Effect.DENY,
            actions=["sns:Publish"],
            resources=[Stack.of(fn).format_arn(service="sns", resource="*", region="*", account="*")],
        )
    )


def grant_user_pool_groups(fn: lambda_.Function, pool: cognito.IUserPool) -> None:
    """Creating an agency creates its `agency:<id>` group; nothing else on the pool (no users)."""
    fn.add_to_role_policy(
        iam.PolicyStatement(
            actions=["cognito-idp:CreateGroup", "cognito-idp:GetGroup"], resources=[pool.user_pool_arn]
        )
    )
