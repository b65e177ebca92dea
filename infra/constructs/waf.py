"""A WAF web ACL in front of the API: a per-address rate limit and AWS's managed baseline rules."""

from __future__ import annotations

from aws_cdk import aws_wafv2 as wafv2
from constructs import Construct

# Requests per 5 minutes from one address: a hotline desk behind one NAT stays far below this.
RATE_LIMIT_PER_5_MIN = 1000
METRIC_PREFIX = "PhanAnh"


def _visibility(name: str) -> wafv2.CfnWebACL.VisibilityConfigProperty:
    return wafv2.CfnWebACL.VisibilityConfigProperty(
        cloud_watch_metrics_enabled=True, metric_name=f"{METRIC_PREFIX}{name}", sampled_requests_enabled=True
    )


def _managed(name: str, priority: int, count_only: tuple[str, ...] = ()) -> wafv2.CfnWebACL.RuleProperty:
    return wafv2.CfnWebACL.RuleProperty(
        name=name,
        priority=priority,
        override_action=wafv2.CfnWebACL.OverrideActionProperty(none={}),
        statement=wafv2.CfnWebACL.StatementProperty(
            managed_rule_group_statement=wafv2.CfnWebACL.ManagedRuleGroupStatementProperty(
                vendor_name="AWS",
                name=name,
                rule_action_overrides=[
                    wafv2.CfnWebACL.RuleActionOverrideProperty(
                        name=rule, action_to_use=wafv2.CfnWebACL.RuleActionProperty(count={})
                    )
                    for rule in count_only
                ]
                or None,
            )
        ),
        visibility_config=_visibility(name),
    )


class ApiFirewall(Construct):
    def __init__(self, scope: Construct, construct_id: str, stage_arn: str) -> None:
        super().__init__(scope, construct_id)
        rate_rule = wafv2.CfnWebACL.RuleProperty(
            name="RatePerAddress",
            priority=0,
            action=wafv2.CfnWebACL.RuleActionProperty(block={}),
            statement=wafv2.CfnWebACL.StatementProperty(
                rate_based_statement=wafv2.CfnWebACL.RateBasedStatementProperty(
                    limit=RATE_LIMIT_PER_5_MIN, aggregate_key_type="IP"
                )
            ),
            visibility_config=_visibility("RatePerAddress"),
        )
        self.web_acl = wafv2.CfnWebACL(
            self,
            "WebAcl",
            scope="REGIONAL",
            default_action=wafv2.CfnWebACL.DefaultActionProperty(allow={}),
            visibility_config=_visibility("Api"),
            rules=[
                rate_rule,
                # A 4000-character Vietnamese description is up to 12 KB of UTF-8: over the 8 KB body rule.
                _managed("AWSManagedRulesCommonRuleSet", 1, count_only=("SizeRestrictions_BODY",)),
                _managed("AWSManagedRulesKnownBadInputsRuleSet", 2),
            ],
        )
        wafv2.CfnWebACLAssociation(
            self, "Association", resource_arn=stage_arn, web_acl_arn=self.web_acl.attr_arn
        )
