"""Per-stage settings, read from CDK context (`-c stage=prod -c mail_from=... -c web_origin=...`).

Nothing stage-specific is hard-coded in the constructs: they receive a StageConfig.
"""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import aws_logs as logs
from constructs import Node

DEFAULTS = {
    "stage": "dev",
    "mail_from": "phananh@example.gov.vn",
}


@dataclass(frozen=True)
class StageConfig:
    stage: str
    mail_from: str
    # The web client's origin, the only one CORS allows; by default the web app's own distribution.
    web_origin: str | None = None
    alarm_email: str | None = None  # subscribed to the alarm topic when given
    # Who hears about triage backlogs and dead letters, and about escalations (comma-separated addresses).
    operator_emails: str = ""
    leader_emails: str = ""

    @property
    def is_production(self) -> bool:
        return self.stage == "prod"

    @property
    def log_retention(self) -> logs.RetentionDays:
        return logs.RetentionDays.ONE_YEAR if self.is_production else logs.RetentionDays.ONE_MONTH

    @property
    def mail_domain(self) -> str:
        return self.mail_from.rpartition("@")[2]

    @classmethod
    def from_context(cls, node: Node) -> StageConfig:
        def get(key: str) -> str:
            return str(node.try_get_context(key) or DEFAULTS[key])

        return cls(
            stage=get("stage"),
            mail_from=get("mail_from"),
            web_origin=node.try_get_context("web_origin") or None,
            alarm_email=node.try_get_context("alarm_email"),
            operator_emails=str(node.try_get_context("operator_emails") or ""),
            leader_emails=str(node.try_get_context("leader_emails") or ""),
        )
