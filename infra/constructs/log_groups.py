"""A log group as every stage keeps them: the stage's retention, kept after the stack in production."""

from __future__ import annotations

from aws_cdk import RemovalPolicy
from aws_cdk import aws_logs as logs
from constructs import Construct

from infra.stage import StageConfig


def log_group(scope: Construct, construct_id: str, config: StageConfig) -> logs.LogGroup:
    return logs.LogGroup(
        scope,
        construct_id,
        retention=config.log_retention,
        removal_policy=RemovalPolicy.RETAIN if config.is_production else RemovalPolicy.DESTROY,
    )
