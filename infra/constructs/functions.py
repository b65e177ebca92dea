"""One Lambda function per topology function: code, shared layer, configuration, access and event source."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as sources
from aws_cdk import aws_logs as logs
from constructs import Construct

from infra.build.layer import dependency_layer_code
from infra.build.service_code import service_code
from infra.constructs.auth import Auth
from infra.constructs.grants import grant_declared_access, grant_user_pool_groups
from infra.constructs.messaging import Messaging
from infra.constructs.storage import Storage
from infra.topology import Function, Topology

RUNTIME = lambda_.Runtime.PYTHON_3_12
ARCHITECTURE = lambda_.Architecture.ARM_64
METRICS_NAMESPACE = "PhanAnh"
LOG_RETENTION = logs.RetentionDays.ONE_MONTH
# Caps how hard one queue's backlog can hit DynamoDB, SES and agency webhooks (2 is the Lambda minimum).
MAX_CONSUMER_CONCURRENCY = 5


class Functions(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        topology: Topology,
        *,
        storage: Storage,
        messaging: Messaging,
        auth: Auth,
        mail_from: str,
    ) -> None:
        super().__init__(scope, construct_id)
        self._layer = lambda_.LayerVersion(
            self,
            "Dependencies",
            code=dependency_layer_code(),
            compatible_runtimes=[RUNTIME],
            compatible_architectures=[ARCHITECTURE],
            description="Runtime dependencies of every function (requirements/lambda.txt)",
        )
        # Every function learns every physical name, as under the local runner; IAM decides what it may touch.
        self._environment = {
            **{spec.env: storage.tables[spec.name].table_name for spec in topology.tables},
            **{spec.env: storage.buckets[spec.name].bucket_name for spec in topology.buckets},
            topology.bus_env: messaging.bus.event_bus_name,
            **auth.environment(topology),
            "MAIL_FROM": mail_from,
            "POWERTOOLS_METRICS_NAMESPACE": METRICS_NAMESPACE,
        }
        # Functions of one service share one code asset.
        self._code = {
            service: service_code(service) for service in sorted({f.service for f in topology.functions})
        }
        self.by_name: dict[str, lambda_.Function] = {}
        for spec in topology.functions:
            fn = self._function(spec)
            grant_declared_access(fn, spec, storage, messaging.bus)
            if spec.manages_user_pool:  # issue 4: the admin API creates each new agency's group
                fn.add_environment(topology.user_pool.pool_id_env, auth.user_pool.user_pool_id)
                grant_user_pool_groups(fn, auth.user_pool)
            if spec.queue:
                fn.add_event_source(
                    sources.SqsEventSource(
                        messaging.queues[spec.queue],
                        batch_size=topology.queue(spec.queue).batch_size,
                        report_batch_item_failures=True,
                        max_concurrency=MAX_CONSUMER_CONCURRENCY,
                    )
                )
            self.by_name[spec.name] = fn

    def _function(self, spec: Function) -> lambda_.Function:
        return lambda_.Function(
            self,
            spec.name,
            description=spec.description,
            runtime=RUNTIME,
            architecture=ARCHITECTURE,
            handler=spec.handler,
            code=self._code[spec.service],
            layers=[self._layer],
            memory_size=spec.memory_mb,
            timeout=Duration.seconds(spec.timeout_s),
            tracing=lambda_.Tracing.ACTIVE,
            log_group=logs.LogGroup(self, f"{spec.name}-logs", retention=LOG_RETENTION),
            environment={**self._environment, "POWERTOOLS_SERVICE_NAME": spec.service},
        )
