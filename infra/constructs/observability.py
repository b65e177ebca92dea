"""Alarms to an SNS topic, and one dashboard: is anything lost, failing, throttled, or late?

- any dead-letter queue not empty (something was not delivered: nothing may be silently lost);
- a function's errors or throttles;
- the API's 5xx rate;
- a spike of SLA breaches (agencies falling behind: a leader's problem, not an engineer's, but urgent).
"""

from __future__ import annotations

from aws_cdk import Duration, Stack
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_cloudwatch as cw
from aws_cdk import aws_cloudwatch_actions as cw_actions
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra.constructs.functions import METRICS_NAMESPACE
from infra.stage import StageConfig

PERIOD = Duration.minutes(5)
FUNCTION_ERRORS_PER_PERIOD = 5
API_5XX_RATE_PERCENT = 1
API_MIN_REQUESTS = 20  # below this, one failure is not a rate
SLA_BREACHES_PER_HOUR = 20
RUNBOOK = "docs/runbook.md"


class Observability(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: StageConfig,
        functions: dict[str, lambda_.Function],
        dead_letter_queues: dict[str, sqs.Queue],
        api: apigw.RestApi,
    ) -> None:
        super().__init__(scope, construct_id)
        self.topic = self._topic(config)
        action = cw_actions.SnsAction(self.topic)
        alarms = [
            *(self._dlq_alarm(name, queue) for name, queue in dead_letter_queues.items()),
            *(alarm for name, fn in functions.items() for alarm in self._function_alarms(name, fn)),
            self._api_5xx_alarm(api),
            self._sla_breach_alarm(),
        ]
        for alarm in alarms:
            alarm.add_alarm_action(action)
            _name_for_the_runbook(alarm)
        self._dashboard(config, functions, dead_letter_queues, api, alarms)

    def _topic(self, config: StageConfig) -> sns.Topic:
        # CloudWatch cannot publish to a topic under the AWS-managed SNS key: a key of our own, rotated.
        key = kms.Key(self, "AlarmKey", enable_key_rotation=True, description="Encrypts the alarm topic")
        key.grant(iam.ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*")
        topic = sns.Topic(self, "Alarms", master_key=key, enforce_ssl=True, display_name="Phản ánh alarms")
        if config.alarm_email:
            topic.add_subscription(subscriptions.EmailSubscription(config.alarm_email))
        return topic

    def _dlq_alarm(self, name: str, queue: sqs.Queue) -> cw.Alarm:
        return queue.metric_approximate_number_of_messages_visible(
            period=PERIOD, statistic="Maximum"
        ).create_alarm(
            self,
            f"{name}-dlq-not-empty",
            alarm_description=f"Messages are waiting in the {name} dead-letter queue: inspect and redrive.",
            threshold=1,
            evaluation_periods=1,
            comparison_operator=cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cw.TreatMissingData.NOT_BREACHING,
        )

    def _function_alarms(self, name: str, fn: lambda_.Function) -> list[cw.Alarm]:
        errors = fn.metric_errors(period=PERIOD, statistic="Sum").create_alarm(
            self,
            f"{name}-errors",
            alarm_description=f"{name} is failing",
            threshold=FUNCTION_ERRORS_PER_PERIOD,
            evaluation_periods=1,
            comparison_operator=cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cw.TreatMissingData.NOT_BREACHING,
        )
        throttles = fn.metric_throttles(period=PERIOD, statistic="Sum").create_alarm(
            self,
            f"{name}-throttles",
            alarm_description=f"{name} is throttled: requests or messages are waiting",
            threshold=1,
            evaluation_periods=1,
            comparison_operator=cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cw.TreatMissingData.NOT_BREACHING,
        )
        return [errors, throttles]

    def _api_5xx_alarm(self, api: apigw.RestApi) -> cw.Alarm:
        rate = cw.MathExpression(
            expression=f"IF(requests >= {API_MIN_REQUESTS}, 100 * errors / requests, 0)",
            using_metrics={
                "errors": api.metric_server_error(period=PERIOD, statistic="Sum"),
                "requests": api.metric_count(period=PERIOD, statistic="Sum"),
            },
            label="5xx %",
            period=PERIOD,
        )
        return rate.create_alarm(
            self,
            "api-5xx-rate",
            alarm_description="More than 1% of API requests fail with a server error",
            threshold=API_5XX_RATE_PERCENT,
            evaluation_periods=2,
            comparison_operator=cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
            treat_missing_data=cw.TreatMissingData.NOT_BREACHING,
        )

    def _sla_breach_alarm(self) -> cw.Alarm:
        # Emitted by the SLA sweep with Powertools metrics (dimension service=sla).
        breaches = cw.Metric(
            namespace=METRICS_NAMESPACE,
            metric_name="SlaBreached",
            dimensions_map={"service": "sla"},
            period=Duration.hours(1),
            statistic="Sum",
        )
        return breaches.create_alarm(
            self,
            "sla-breach-spike",
            alarm_description="Many reports went overdue within an hour: an agency may be stuck",
            threshold=SLA_BREACHES_PER_HOUR,
            evaluation_periods=1,
            comparison_operator=cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cw.TreatMissingData.NOT_BREACHING,
        )

    def _dashboard(
        self,
        config: StageConfig,
        functions: dict[str, lambda_.Function],
        dead_letter_queues: dict[str, sqs.Queue],
        api: apigw.RestApi,
        alarms: list[cw.Alarm],
    ) -> None:
        dashboard = cw.Dashboard(self, "Dashboard", dashboard_name=f"PhanAnh-{config.stage}")
        dashboard.add_widgets(
            cw.AlarmStatusWidget(title="Alarms", alarms=alarms, width=24, height=4),
            _api_widget(api),
            _reports_widget(),
            _function_errors_widget(functions),
            _dead_letters_widget(dead_letter_queues),
        )


def _name_for_the_runbook(alarm: cw.Alarm) -> None:
    """A readable name (<stack>-<alarm>, as the email and the console show it) and where the runbook says
    what it means and which command helps: every alarm has its entry there (tests/infra/test_runbook.py)."""
    cfn = alarm.node.default_child
    if not isinstance(cfn, cw.CfnAlarm):
        raise TypeError(f"{alarm.node.path}: expected a CfnAlarm beneath the alarm")
    cfn.alarm_name = f"{Stack.of(alarm).stack_name}-{alarm.node.id}"
    cfn.alarm_description = f"{cfn.alarm_description} Runbook: {RUNBOOK} ({alarm.node.id})."


def _api_widget(api: apigw.RestApi) -> cw.GraphWidget:
    return cw.GraphWidget(
        title="API requests and server errors",
        left=[api.metric_count(period=PERIOD), api.metric_server_error(period=PERIOD)],
        right=[api.metric_latency(period=PERIOD, statistic="p90")],
        width=12,
    )


def _reports_widget() -> cw.GraphWidget:
    return cw.GraphWidget(
        title="Reports submitted, SLA breaches",
        left=[
            cw.Metric(
                namespace=METRICS_NAMESPACE,
                metric_name=name,
                dimensions_map={"service": service},
                period=Duration.hours(1),
                statistic="Sum",
            )
            for name, service in (("ReportsSubmitted", "intake"), ("SlaBreached", "sla"))
        ],
        width=12,
    )


def _function_errors_widget(functions: dict[str, lambda_.Function]) -> cw.GraphWidget:
    return cw.GraphWidget(
        title="Function errors",
        left=[fn.metric_errors(period=PERIOD, label=name) for name, fn in functions.items()],
        width=12,
    )


def _dead_letters_widget(dead_letter_queues: dict[str, sqs.Queue]) -> cw.GraphWidget:
    return cw.GraphWidget(
        title="Dead letters",
        left=[
            queue.metric_approximate_number_of_messages_visible(period=PERIOD, label=name)
            for name, queue in dead_letter_queues.items()
        ],
        width=12,
    )
