"""The SES sending identity (the mail domain) and a configuration set that tracks reputation."""

from __future__ import annotations

from aws_cdk import Stack
from aws_cdk import aws_ses as ses
from constructs import Construct

from infra.stage import StageConfig


class Mail(Construct):
    def __init__(self, scope: Construct, construct_id: str, config: StageConfig) -> None:
        super().__init__(scope, construct_id)
        self.configuration_set = ses.ConfigurationSet(
            self,
            "ConfigurationSet",
            reputation_metrics=True,
            sending_enabled=True,
            # Bounces and complaints stop further mail to that address, protecting the province's domain.
            suppression_reasons=ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
            tls_policy=ses.ConfigurationSetTlsPolicy.REQUIRE,
        )
        # Verifying the domain needs its DKIM records in DNS: the identity's outputs list them after deploy.
        self.identity = ses.EmailIdentity(
            self,
            "Identity",
            identity=ses.Identity.domain(config.mail_domain),
            configuration_set=self.configuration_set,
        )

    @property
    def configuration_set_arn(self) -> str:
        return Stack.of(self).format_arn(
            service="ses",
            resource="configuration-set",
            resource_name=self.configuration_set.configuration_set_name,
        )
