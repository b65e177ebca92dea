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


# The Lambda function CDK itself provides for aws_s3_deployment.BucketDeployment (one per stack and memory
# size): CloudFormation calls it during a deployment to copy an asset into a bucket. Its code, runtime and
# policy are CDK's; what it may touch is the CDK asset bucket and the destination bucket.
BUCKET_DEPLOYMENT_PROVIDER = "Custom::CDKBucketDeployment"
CDK_ASSETS = "arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>"


def acknowledge_bucket_deployment_provider(stack: Stack, destination: IConstruct) -> None:
    reasons = {
        "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
        "AWSLambdaBasicExecutionRole]": "CDK's deployment provider: writes its own logs, nothing more.",
        "AwsSolutions-IAM5[Resource::*]": "CloudFront invalidations of the distribution deployed to "
        "(CDK grants them on every distribution).",
        f"AwsSolutions-IAM5[Resource::{CDK_ASSETS}/*]": "Reads the build from CDK's asset bucket.",
        f"AwsSolutions-IAM5[Resource::<{logical_id(destination)}.Arn>/*]": "Writes and prunes the files of "
        "the bucket it deploys to, which holds nothing else.",
        **{
            f"AwsSolutions-IAM5[Action::{action}]": "CDK's grant to read the asset and sync the destination "
            "bucket (copy, overwrite, prune), limited to those two buckets."
            for action in ("s3:GetBucket*", "s3:GetObject*", "s3:List*", "s3:Abort*", "s3:DeleteObject*")
        },
        "AwsSolutions-L1": "CDK pins the provider's runtime; it moves with the aws-cdk-lib version.",
        "Serverless-LambdaDLQ": "CloudFormation calls it and fails the deployment on errors.",
        "Serverless-LambdaLatestVersion": "CDK pins the provider's runtime; it moves with aws-cdk-lib.",
        "Serverless-LambdaTracing": "A deployment-time copy, not part of any request path to trace.",
    }
    for child in stack.node.children:
        if child.node.id.startswith(BUCKET_DEPLOYMENT_PROVIDER):
            for rule, reason in reasons.items():
                acknowledge(child, rule, reason)
