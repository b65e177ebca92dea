"""Acknowledging a cdk-nag finding: always with a written reason, always on the narrowest construct.

cdk-nag 3.x reports through CDK's policy validation; a finding is acknowledged as `<pack>::<rule id>`,
where the rule id may carry a finding, e.g. `AwsSolutions-IAM5[Resource::<TableLogicalId.Arn>/index/*]`.
"""

from __future__ import annotations

from aws_cdk import Acknowledgment, CfnResource, Stack, Validations
from constructs import IConstruct


def acknowledge(scope: IConstruct, rule: str, reason: str) -> None:
    pack = rule.split("-", 1)[0]  # "AwsSolutions-IAM5[...]" → "AwsSolutions"
    Validations.of(scope).acknowledge(Acknowledgment(id=f"{pack}::{rule}", reason=reason))


def logical_id(scope: IConstruct) -> str:
    """The CloudFormation logical id of a construct's resource, as findings name it."""
    resource = scope.node.default_child
    if not isinstance(resource, CfnResource):
        raise TypeError(f"{scope.node.path} has no CloudFormation resource")
    stack = Stack.of(scope)
    return str(stack.resolve(stack.get_logical_id(resource)))
