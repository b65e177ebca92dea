"""DynamoDB tables and S3 buckets, declared as in the topology and created as the local emulator does."""

from __future__ import annotations

import typing

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_s3 as s3
from constructs import Construct

from infra.constructs.nag import acknowledge
from infra.topology import Table, Topology

# Overwritten photos stay recoverable for a while without the bucket growing forever.
NONCURRENT_VERSION_EXPIRY = Duration.days(30)
# Raw uploads that no report ever claimed are deleted; claimed ones are moved out of this prefix.
UPLOAD_PREFIX = "uploads/"
UNCLAIMED_UPLOAD_EXPIRY = Duration.days(2)
ACCESS_LOG_EXPIRY = Duration.days(365)
# Published copies are read mostly in their first weeks (a report's life), then rarely: the full photos
# move to Standard-IA (45 % cheaper a GB-month). Only above 128 KB, the least IA bills per object, so
# thumbnails stay in Standard. Cost model: bench/cost.py.
PUBLIC_PREFIX = "public/"
PUBLIC_TO_IA_AFTER = Duration.days(30)
IA_MIN_OBJECT_BYTES = 128 * 1024


def _key(name: str | None) -> dynamodb.Attribute | None:
    # Every key is a string, as in infra/local/provision.py; a missing sort key stays missing.
    return dynamodb.Attribute(name=name, type=dynamodb.AttributeType.STRING) if name else None


class Storage(Construct):
    def __init__(self, scope: Construct, construct_id: str, topology: Topology) -> None:
        super().__init__(scope, construct_id)
        self.tables = {spec.name: self._table(spec) for spec in topology.tables}
        self.access_logs = self._access_log_bucket()
        self.buckets = {spec.name: self._bucket(spec.name) for spec in topology.buckets}

    def allow_browser_uploads(self, bucket: str) -> None:
        """Browsers post photos straight to the bucket (a presigned POST; with a progress bar, so after a
        CORS preflight). Any origin: the presigned policy is what allows a write (one key, one type, a
        size range, 5 minutes), and no cookie or credential rides on it. Naming the web app's origin here
        would also close a dependency cycle: its distribution's CSP names this bucket."""
        self.buckets[bucket].add_cors_rule(
            allowed_methods=[s3.HttpMethods.POST],
            allowed_origins=["*"],
            allowed_headers=["*"],
            max_age=3600,
        )

    def _table(self, spec: Table) -> dynamodb.Table:
        table = dynamodb.Table(
            self,
            spec.name,
            partition_key=_key(spec.pk),
            sort_key=_key(spec.sk),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            encryption=dynamodb.TableEncryption.AWS_MANAGED,
            time_to_live_attribute=spec.ttl_attribute,
            stream=dynamodb.StreamViewType.NEW_IMAGE if spec.stream else None,
            # Citizens' reports are records of the province: never lost to a stack deletion or a typo.
            deletion_protection=True,
            removal_policy=RemovalPolicy.RETAIN,
        )
        for index in spec.indexes:
            table.add_global_secondary_index(
                index_name=index.name,
                partition_key=_key(index.pk),
                sort_key=_key(index.sk),
                projection_type=dynamodb.ProjectionType.ALL,
            )
        return table

    def _bucket(self, name: str) -> s3.Bucket:
        bucket = s3.Bucket(
            self,
            name,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            enforce_ssl=True,
            minimum_tls_version=1.2,
            encryption=s3.BucketEncryption.S3_MANAGED,
            versioned=True,
            removal_policy=RemovalPolicy.RETAIN,
            server_access_logs_bucket=self.access_logs,
            server_access_logs_prefix=f"{name}/",
            lifecycle_rules=[
                s3.LifecycleRule(
                    noncurrent_version_expiration=NONCURRENT_VERSION_EXPIRY,
                    abort_incomplete_multipart_upload_after=Duration.days(1),
                ),
                s3.LifecycleRule(prefix=UPLOAD_PREFIX, expiration=UNCLAIMED_UPLOAD_EXPIRY),
                s3.LifecycleRule(
                    prefix=PUBLIC_PREFIX,
                    object_size_greater_than=IA_MIN_OBJECT_BYTES,
                    transitions=[
                        s3.Transition(
                            storage_class=s3.StorageClass.INFREQUENT_ACCESS,
                            transition_after=PUBLIC_TO_IA_AFTER,
                        )
                    ],
                ),
            ],
        )
        # CloudFormation types ObjectSizeGreaterThan as a string; CDK writes a number, which cfn-lint flags.
        cfn = typing.cast(s3.CfnBucket, bucket.node.default_child)
        cfn.add_property_override(
            "LifecycleConfiguration.Rules.2.ObjectSizeGreaterThan", str(IA_MIN_OBJECT_BYTES)
        )
        return bucket

    def _access_log_bucket(self) -> s3.Bucket:
        bucket = s3.Bucket(
            self,
            "access-logs",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            enforce_ssl=True,
            minimum_tls_version=1.2,
            encryption=s3.BucketEncryption.S3_MANAGED,
            removal_policy=RemovalPolicy.RETAIN,
            lifecycle_rules=[s3.LifecycleRule(expiration=ACCESS_LOG_EXPIRY)],
        )
        acknowledge(
            bucket, "AwsSolutions-S1", "This is the access-log bucket; logging it into itself would loop."
        )
        return bucket
