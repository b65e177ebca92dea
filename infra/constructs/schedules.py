"""Functions that run on a timer, invoked by EventBridge Scheduler.

Scheduler, not an EventBridge rule: no rule ever targets a Lambda, and Scheduler brings its own retries
and dead-letter queue for invocations that fail.
"""

from __future__ import annotations

from aws_cdk import Duration, Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_scheduler as scheduler
from aws_cdk import aws_scheduler_targets as scheduler_targets
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra.constructs.messaging import dead_letter_queue
from infra.constructs.nag import acknowledge, logical_id
from infra.topology import Topology

RETRY_ATTEMPTS = 2


class Schedules(Construct):
    def __init__(
        self, scope: Construct, construct_id: str, topology: Topology, functions: dict[str, lambda_.Function]
    ) -> None:
        super().__init__(scope, construct_id)
        self.dead_letter_queues: dict[str, sqs.Queue] = {}
        for spec in topology.functions:
            if spec.schedule_minutes is None:
                continue
            period = Duration.minutes(spec.schedule_minutes)
            scheduler.Schedule(
                self,
                spec.name,
                description=f"Runs {spec.name} every {spec.schedule_minutes} minutes",
                schedule=scheduler.ScheduleExpression.rate(period),
                target=scheduler_targets.LambdaInvoke(
                    functions[spec.name],
                    retry_attempts=RETRY_ATTEMPTS,
                    # An invocation older than one period is superseded by the next run.
                    max_event_age=period,
                    dead_letter_queue=self._dlq(spec.name),
                ),
            )
            acknowledge(
                Stack.of(self),  # the target role is a stack-level singleton; the finding names this function
                f"AwsSolutions-IAM5[Resource::<{logical_id(functions[spec.name])}.Arn>:*]",
                "Scheduler's role may invoke this one function's versions and aliases (CDK's grant).",
            )

    def _dlq(self, name: str) -> sqs.Queue:
        queue = dead_letter_queue(self, f"{name}-dlq")
        self.dead_letter_queues[f"{name}-schedule"] = queue
        return queue
