"""The event bus, one queue (+ DLQ) per consumer, and the rules that feed the queues.

EventBridge -> SQS -> Lambda everywhere: rules target queues only, so every delivery gets retries, a DLQ
and partial batch failures, exactly as the local runner emulates it.
"""

from __future__ import annotations

from aws_cdk import Duration, Stack
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra.constructs.nag import acknowledge
from infra.topology import VISIBILITY_PER_FUNCTION_TIMEOUT, Queue, Rule, Topology

# The SQS maximum: a dead letter waits as long as possible for someone to redrive it.
DLQ_RETENTION = Duration.days(14)
# EventBridge's own retries of a rule target (SQS throttling, a deleted queue) before its DLQ.
TARGET_RETRY_ATTEMPTS = 185
TARGET_MAX_EVENT_AGE = Duration.hours(24)
# Every event on the bus is kept a year, so a consumer's bug can be fixed and the events replayed.
ARCHIVE_RETENTION = Duration.days(365)


def encrypted_queue(
    scope: Construct,
    construct_id: str,
    *,
    retention_period: Duration | None = None,
    visibility_timeout: Duration | None = None,
    dead_letter_queue: sqs.DeadLetterQueue | None = None,
) -> sqs.Queue:
    # SQS-managed keys, not KMS: EventBridge and Scheduler can send to them without a key policy.
    queue = sqs.Queue(
        scope,
        construct_id,
        encryption=sqs.QueueEncryption.SQS_MANAGED,
        enforce_ssl=True,
        retention_period=retention_period,
        visibility_timeout=visibility_timeout,
        dead_letter_queue=dead_letter_queue,
    )
    if dead_letter_queue is None:
        for rule in ("Serverless-SQSRedrivePolicy", "AwsSolutions-SQS3"):
            acknowledge(
                queue, rule, "A dead-letter queue is the end of the line: alarmed on, redriven by hand."
            )
    return queue


def dead_letter_queue(scope: Construct, construct_id: str) -> sqs.Queue:
    return encrypted_queue(scope, construct_id, retention_period=DLQ_RETENTION)


class Messaging(Construct):
    def __init__(self, scope: Construct, construct_id: str, topology: Topology) -> None:
        super().__init__(scope, construct_id)
        self.bus = events.EventBus(
            self, "Bus", event_bus_name=f"{Stack.of(self).stack_name}-{topology.bus_name}"
        )
        self.bus.archive(
            "Archive",
            description="Every report event, for replay",
            event_pattern=events.EventPattern(account=[Stack.of(self).account]),
            retention=ARCHIVE_RETENTION,
        )
        self.dead_letter_queues: dict[str, sqs.Queue] = {}
        # Events a rule could not deliver to its queue, whichever rule: one place to look and to alarm on.
        self.undeliverable = dead_letter_queue(self, "undeliverable-events")
        self.dead_letter_queues["undeliverable-events"] = self.undeliverable
        self.queues = {spec.name: self._queue(spec, topology) for spec in topology.queues}
        for rule in topology.rules:
            self._rule(rule)

    def _queue(self, spec: Queue, topology: Topology) -> sqs.Queue:
        dlq = dead_letter_queue(self, f"{spec.name}-dlq")
        self.dead_letter_queues[spec.name] = dlq
        consumer = topology.consumer_of(spec.name)
        return encrypted_queue(
            self,
            spec.name,
            visibility_timeout=Duration.seconds(VISIBILITY_PER_FUNCTION_TIMEOUT * consumer.timeout_s),
            dead_letter_queue=sqs.DeadLetterQueue(max_receive_count=spec.max_receive_count, queue=dlq),
        )

    def _rule(self, rule: Rule) -> events.Rule:
        return events.Rule(
            self,
            rule.name,
            event_bus=self.bus,
            event_pattern=events.EventPattern(
                detail_type=list(rule.detail_types), source=list(rule.sources) or None
            ),
            targets=[
                targets.SqsQueue(
                    self.queues[rule.queue],
                    retry_attempts=TARGET_RETRY_ATTEMPTS,
                    max_event_age=TARGET_MAX_EVENT_AGE,
                    dead_letter_queue=self.undeliverable,
                )
            ],
        )
