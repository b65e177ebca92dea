"""EventBridge Pipes from a table's DynamoDB stream to the bus: the report outbox (docs/decisions.md).

A topology `StreamPipe` becomes: its enrichment Lambda (the pure handler, shared/ only, no dependency
layer), a dead-letter queue for batches whose retries are spent, a role that may do exactly what the
pipe does, and the pipe (the L1 `CfnPipe` of aws-cdk-lib: the L2 construct is still an alpha module).
"""

from __future__ import annotations

from aws_cdk import Duration, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_pipes as pipes
from constructs import Construct

from infra.build.service_code import shared_code
from infra.constructs.functions import ARCHITECTURE, RUNTIME
from infra.constructs.log_groups import log_group
from infra.constructs.messaging import dead_letter_queue
from infra.constructs.nag import acknowledge
from infra.stage import StageConfig
from infra.topology import StreamPipe

# Where a new pipe starts: the stream's oldest record, so what was written while the stack was being
# updated is published too (a repeat is deduplicated by every consumer on the event id).
STARTING_POSITION = "TRIM_HORIZON"


class OutboxPipe(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        spec: StreamPipe,
        *,
        table: dynamodb.Table,
        bus: events.EventBus,
        config: StageConfig,
    ) -> None:
        super().__init__(scope, construct_id)
        self.dead_letter_queue = dead_letter_queue(self, f"{spec.name}-dlq")
        self.log_group = log_group(self, "Logs", config)
        self.enrichment = self._enrichment(spec, config)
        role = self._role(table, bus)
        self.pipe = self._pipe(spec, role, table, bus)
        self.pipe.node.add_dependency(role)

    def _pipe(
        self, spec: StreamPipe, role: iam.Role, table: dynamodb.Table, bus: events.EventBus
    ) -> pipes.CfnPipe:
        stream_arn = table.table_stream_arn
        if stream_arn is None:
            raise ValueError(f"the {spec.table} table has no stream: set stream=True in infra/topology.py")
        return pipes.CfnPipe(
            self,
            "Pipe",
            name=f"{Stack.of(self).stack_name}-{spec.name}",
            description="Puts each event the report outbox stores on the bus (docs/decisions.md)",
            role_arn=role.role_arn,
            source=stream_arn,
            source_parameters=self._source_parameters(spec),
            enrichment=self.enrichment.function_arn,
            target=bus.event_bus_arn,
            target_parameters=pipes.CfnPipe.PipeTargetParametersProperty(
                event_bridge_event_bus_parameters=pipes.CfnPipe.PipeTargetEventBridgeEventBusParametersProperty(
                    source=spec.source_path, detail_type=spec.detail_type_path, time=spec.time_path
                )
            ),
            log_configuration=pipes.CfnPipe.PipeLogConfigurationProperty(
                level="ERROR",
                cloudwatch_logs_log_destination=pipes.CfnPipe.CloudwatchLogsLogDestinationProperty(
                    log_group_arn=self.log_group.log_group_arn
                ),
            ),
            desired_state="RUNNING",
        )

    def _source_parameters(self, spec: StreamPipe) -> pipes.CfnPipe.PipeSourceParametersProperty:
        return pipes.CfnPipe.PipeSourceParametersProperty(
            dynamo_db_stream_parameters=pipes.CfnPipe.PipeSourceDynamoDBStreamParametersProperty(
                starting_position=STARTING_POSITION,
                batch_size=spec.batch_size,
                maximum_retry_attempts=spec.retry_attempts,
                maximum_record_age_in_seconds=spec.max_record_age_s,
                # A failing batch is halved until the one record that fails is alone: it alone goes to
                # the dead-letter queue, and the others are published.
                on_partial_batch_item_failure="AUTOMATIC_BISECT",
                dead_letter_config=pipes.CfnPipe.DeadLetterConfigProperty(
                    arn=self.dead_letter_queue.queue_arn
                ),
            ),
            filter_criteria=pipes.CfnPipe.FilterCriteriaProperty(
                filters=[pipes.CfnPipe.FilterProperty(pattern=spec.filter_pattern)]
            ),
        )

    def _enrichment(self, spec: StreamPipe, config: StageConfig) -> lambda_.Function:
        logs_of_enrichment = log_group(self, "enrichment-logs", config)
        fn = lambda_.Function(
            self,
            "enrichment",
            description="Turns the report outbox's stream records into the bus's event details (pure)",
            runtime=RUNTIME,
            architecture=ARCHITECTURE,
            handler=spec.enrichment,
            code=shared_code(),
            memory_size=spec.enrichment_memory_mb,
            timeout=Duration.seconds(spec.enrichment_timeout_s),
            tracing=lambda_.Tracing.ACTIVE,
            log_group=logs_of_enrichment,
            role=self._enrichment_role(spec, logs_of_enrichment),
        )
        acknowledge(
            fn,
            "Serverless-LambdaDLQ",
            "Invoked synchronously by the pipe, which retries and dead-letters the batch itself.",
        )
        return fn

    def _enrichment_role(self, spec: StreamPipe, log_group: logs.LogGroup) -> iam.Role:
        role = iam.Role(
            self,
            "enrichment-role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"Runs the {spec.name} pipe's enrichment: its own logs and traces, nothing else",
        )
        role.add_to_policy(
            iam.PolicyStatement(
                actions=["logs:CreateLogStream", "logs:PutLogEvents"], resources=[log_group.log_group_arn]
            )
        )
        acknowledge(
            role,
            "AwsSolutions-IAM5[Resource::*]",
            "X-Ray's PutTraceSegments/PutTelemetryRecords support no resource-level permissions.",
        )
        return role

    def _role(self, table: dynamodb.Table, bus: events.EventBus) -> iam.Role:
        role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal(
                "pipes.amazonaws.com",
                conditions={"StringEquals": {"aws:SourceAccount": Stack.of(self).account}},
            ),
            description="The report outbox pipe: read the stream, run the enrichment, put on the bus",
        )
        role.add_to_policy(
            iam.PolicyStatement(
                actions=["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
                resources=[table.table_stream_arn or ""],
            )
        )
        # ListStreams names no stream, so it takes no resource narrower than "*" (IAM's reference).
        role.add_to_policy(iam.PolicyStatement(actions=["dynamodb:ListStreams"], resources=["*"]))
        role.add_to_policy(
            iam.PolicyStatement(actions=["lambda:InvokeFunction"], resources=[self.enrichment.function_arn])
        )
        role.add_to_policy(iam.PolicyStatement(actions=["events:PutEvents"], resources=[bus.event_bus_arn]))
        self.dead_letter_queue.grant_send_messages(role)
        role.add_to_policy(
            iam.PolicyStatement(
                actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                resources=[self.log_group.log_group_arn],
            )
        )
        acknowledge(
            role,
            "AwsSolutions-IAM5[Resource::*]",
            "dynamodb:ListStreams supports no resource-level permission; every other action is scoped.",
        )
        return role
