"""One Lambda function per topology function: code, shared layer, configuration, access and event source."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as sources
from aws_cdk import aws_logs as logs
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra.build.layer import dependency_layer_code
from infra.build.runtime import RUNTIME_NAME
from infra.build.service_code import service_code
from infra.constructs.auth import Auth
from infra.constructs.chat_secrets import ChatSecrets
from infra.constructs.grants import grant_declared_access, grant_user_pool_groups
from infra.constructs.log_groups import log_group
from infra.constructs.mail import Mail
from infra.constructs.messaging import Messaging, dead_letter_queue
from infra.constructs.nag import acknowledge
from infra.constructs.storage import Storage
from infra.stage import StageConfig
from infra.topology import Function, Topology
from shared.cors import WEB_ORIGIN_ENV

RUNTIME = lambda_.Runtime(RUNTIME_NAME, lambda_.RuntimeFamily.PYTHON)
ARCHITECTURE = lambda_.Architecture.ARM_64
METRICS_NAMESPACE = "PhanAnh"
# Caps how hard one queue's backlog can hit DynamoDB, SES and agency webhooks (2 is the Lambda minimum).
MAX_CONSUMER_CONCURRENCY = 5
CURSOR_SECRET_ENV = "CURSOR_SECRET"  # noqa: S105 - the variable's name (shared/config.py), not a value


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
        config: StageConfig,
        photos_url: str,
        mail: Mail,
        web_origin: str,
    ) -> None:
        super().__init__(scope, construct_id)
        self._config = config
        self._layer = self._dependency_layer()
        self._environment = _environment(topology, storage, messaging, auth, config, photos_url, mail)
        # Functions of one service share one code asset.
        self._code = {
            service: service_code(service) for service in sorted({f.service for f in topology.functions})
        }
        cursor_secret, chat_secrets = self._cursor_secret(), ChatSecrets(self, "ChatSecrets", topology)
        self.by_name: dict[str, lambda_.Function] = {}
        self.log_groups: dict[str, logs.LogGroup] = {}
        self.dead_letter_queues: dict[str, sqs.Queue] = {}
        for spec in topology.functions:
            fn = self._function(spec)
            grant_declared_access(fn, spec, storage, messaging.bus, config, mail)
            chat_secrets.grant(fn, spec)
            for queue in spec.sends_to:
                messaging.queues[queue].grant_send_messages(fn)
            if spec.routes:
                _api_environment(fn, web_origin, cursor_secret)
            if spec.manages_user_pool:  # the admin API creates each new agency's group
                fn.add_environment(topology.user_pool.pool_id_env, auth.user_pool.user_pool_id)
                grant_user_pool_groups(fn, auth.user_pool)
            if spec.queue:
                _consume(fn, messaging.queues[spec.queue], topology.queue(spec.queue).batch_size)
            self.by_name[spec.name] = fn

    def _dependency_layer(self) -> lambda_.LayerVersion:
        return lambda_.LayerVersion(
            self,
            "Dependencies",
            code=dependency_layer_code(),
            compatible_runtimes=[RUNTIME],
            compatible_architectures=[ARCHITECTURE],
            description="Runtime dependencies of every function (requirements/lambda.txt)",
        )

    def _cursor_secret(self) -> secretsmanager.Secret:
        """The key API functions sign page cursors with (shared/page_cursor.py), generated once."""
        secret = secretsmanager.Secret(
            self,
            "CursorSecret",
            description="Signs the API's page cursors; rotating it only invalidates cursors in flight.",
            generate_secret_string=secretsmanager.SecretStringGenerator(
                password_length=64, exclude_punctuation=True
            ),
        )
        acknowledge(
            secret,
            "AwsSolutions-SMG4",
            "A signing key for page cursors, not a credential: nothing outside the API uses it, and a "
            "rotation would only make cursors handed out before it a 422.",
        )
        return secret

    def _function(self, spec: Function) -> lambda_.Function:
        logs_of_function = log_group(self, f"{spec.name}-logs", self._config)
        self.log_groups[spec.name] = logs_of_function
        fn = lambda_.Function(
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
            reserved_concurrent_executions=spec.reserved_concurrency,
            tracing=lambda_.Tracing.ACTIVE,
            log_group=logs_of_function,
            role=self._role(spec, logs_of_function),
            environment={**self._environment, "POWERTOOLS_SERVICE_NAME": spec.service},
            # Only a scheduled function is invoked asynchronously; its failed invocations are kept here.
            dead_letter_queue=self._async_dlq(spec) if spec.schedule_minutes else None,
        )
        if not spec.schedule_minutes:
            acknowledge(
                fn,
                "Serverless-LambdaDLQ",
                "Invoked synchronously (by API Gateway or an SQS event source mapping): an async DLQ would "
                "never receive anything; SQS consumers dead-letter through their queue's redrive policy.",
            )
        return fn

    def _async_dlq(self, spec: Function) -> sqs.Queue:
        queue = dead_letter_queue(self, f"{spec.name}-async-dlq")
        self.dead_letter_queues[f"{spec.name}-async"] = queue
        return queue

    def _role(self, spec: Function, log_group: logs.LogGroup) -> iam.Role:
        # An explicit role instead of AWSLambdaBasicExecutionRole: logs go to this function's group only.
        role = iam.Role(
            self,
            f"{spec.name}-role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"Runs {spec.name}: exactly the access infra/topology.py declares",
        )
        role.add_to_policy(
            iam.PolicyStatement(
                actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                resources=[log_group.log_group_arn],
            )
        )
        acknowledge(
            role,
            "AwsSolutions-IAM5[Resource::*]",
            "X-Ray's PutTraceSegments/PutTelemetryRecords support no resource-level permissions; SMS to a "
            "phone number (sns:Publish) has no ARN either, and publishing to any topic is denied explicitly.",
        )
        return role


def _api_environment(fn: lambda_.Function, web_origin: str, cursor_secret: secretsmanager.Secret) -> None:
    """What functions serving routes also need."""
    fn.add_environment(WEB_ORIGIN_ENV, web_origin)  # the web app reads their answers from another origin
    # Resolved by CloudFormation at deploy time: every instance signs cursors alike.
    fn.add_environment(CURSOR_SECRET_ENV, cursor_secret.secret_value.unsafe_unwrap())


def _environment(
    topology: Topology,
    storage: Storage,
    messaging: Messaging,
    auth: Auth,
    config: StageConfig,
    photos_url: str,
    mail: Mail,
) -> dict[str, str]:
    """What every function finds in its environment (its own service name is added per function)."""
    # Every function learns every physical name, as under the local runner; IAM decides what it may touch.
    return {
        **{spec.env: storage.tables[spec.name].table_name for spec in topology.tables},
        **{spec.env: storage.buckets[spec.name].bucket_name for spec in topology.buckets},
        topology.bus_env: messaging.bus.event_bus_name,
        **auth.environment(topology),
        "MAIL_FROM": config.mail_from,
        # Never the local demo addresses in the cloud: empty means nobody until the context names them.
        "OPERATOR_EMAILS": config.operator_emails,
        "LEADER_EMAILS": config.leader_emails,
        "PHOTOS_PUBLIC_URL": photos_url,
        "SES_CONFIGURATION_SET": mail.configuration_set.configuration_set_name,
        # Queues that some functions send to (only those are granted sending, in Functions).
        **{spec.env: messaging.queues[spec.name].queue_url for spec in topology.queues if spec.env},
        "POWERTOOLS_METRICS_NAMESPACE": METRICS_NAMESPACE,
    }


def _consume(fn: lambda_.Function, queue: sqs.Queue, batch_size: int) -> None:
    """The function consumes `queue`, reporting failures per message (the rest of a batch is deleted)."""
    fn.add_event_source(
        sources.SqsEventSource(
            queue,
            batch_size=batch_size,
            report_batch_item_failures=True,
            max_concurrency=MAX_CONSUMER_CONCURRENCY,
        )
    )
    acknowledge(
        fn,
        "Serverless-LambdaEventSourceMappingDestination",
        "SQS sources cannot have an on-failure destination: failed messages go to the "
        "queue's own DLQ through its redrive policy (maxReceiveCount from the topology).",
    )
