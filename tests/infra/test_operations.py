"""What an ops team relies on: alarms on everything that can be lost or late, logs, retention, protection."""

from __future__ import annotations

from typing import Any

from tests.infra.test_stack import Cfn, dead_letter_queue_ids, functions_by_name, resources, target_id


def alarms(template: Cfn) -> list[dict[str, Any]]:
    return list(resources(template, "AWS::CloudWatch::Alarm").values())


def test_every_dead_letter_queue_is_alarmed(template: Cfn) -> None:
    alarmed = {
        target_id(dimension["Value"])
        for alarm in alarms(template)
        if alarm.get("MetricName") == "ApproximateNumberOfMessagesVisible"
        for dimension in alarm["Dimensions"]
    }
    queues = resources(template, "AWS::SQS::Queue")
    dlq_names = set(dead_letter_queue_ids(template))
    assert dlq_names <= set(queues)
    assert dlq_names <= alarmed, dlq_names - alarmed


def test_every_function_has_error_and_throttle_alarms(template: Cfn) -> None:
    for name, (logical_id, _) in functions_by_name(template).items():
        metrics = {
            alarm["MetricName"]
            for alarm in alarms(template)
            if any(d["Value"] == {"Ref": logical_id} for d in alarm.get("Dimensions", []))
        }
        assert {"Errors", "Throttles"} <= metrics, name


def test_api_5xx_rate_and_sla_breach_spike_are_alarmed(template: Cfn) -> None:
    expressions = [m.get("Expression", "") for a in alarms(template) for m in a.get("Metrics", [])]
    assert any("errors / requests" in e for e in expressions)
    assert any(a.get("MetricName") == "SlaBreached" for a in alarms(template))


def test_every_alarm_notifies_the_encrypted_alarm_topic(template: Cfn) -> None:
    ((topic_id, topic),) = resources(template, "AWS::SNS::Topic").items()
    assert "KmsMasterKeyId" in topic
    for alarm in alarms(template):
        assert [target_id(action) for action in alarm["AlarmActions"]] == [topic_id]
    assert resources(template, "AWS::CloudWatch::Dashboard")


def test_tables_are_protected_from_deletion(template: Cfn) -> None:
    for logical_id, resource in template["Resources"].items():
        if resource["Type"] == "AWS::DynamoDB::Table":
            assert resource["Properties"]["DeletionProtectionEnabled"] is True, logical_id
            assert resource["DeletionPolicy"] == "Retain", logical_id


def test_rule_targets_retry_and_dead_letter(template: Cfn) -> None:
    for rule in resources(template, "AWS::Events::Rule").values():
        for target in rule["Targets"]:
            assert target["RetryPolicy"]["MaximumRetryAttempts"] > 0
            assert "Arn" in target["DeadLetterConfig"]


def test_the_bus_is_archived_for_replay(template: Cfn) -> None:
    assert len(resources(template, "AWS::Events::EventBus")) == 1
    (archive,) = resources(template, "AWS::Events::Archive").values()
    assert archive["RetentionDays"] >= 365


def test_api_has_access_logs_waf_and_cors_for_the_web_origin(template: Cfn) -> None:
    (stage,) = resources(template, "AWS::ApiGateway::Stage").values()
    assert "DestinationArn" in stage["AccessLogSetting"]
    assert '"status"' in stage["AccessLogSetting"]["Format"]
    (association,) = resources(template, "AWS::WAFv2::WebACLAssociation").values()
    (acl,) = resources(template, "AWS::WAFv2::WebACL").values()
    assert any("RateBasedStatement" in rule["Statement"] for rule in acl["Rules"])
    preflights = [
        m for m in resources(template, "AWS::ApiGateway::Method").values() if m["HttpMethod"] == "OPTIONS"
    ]
    assert preflights
    (web,) = [name for name in resources(template, "AWS::CloudFront::Distribution") if name.startswith("Web")]
    for preflight in preflights:
        (answer,) = preflight["Integration"]["IntegrationResponses"]
        origin = answer["ResponseParameters"]["method.response.header.Access-Control-Allow-Origin"]
        # The web app's own distribution (unless the web_origin context names another): never "*".
        assert origin == {"Fn::Join": ["", ["'https://", {"Fn::GetAtt": [web, "DomainName"]}, "'"]]}
    assert association["WebACLArn"]


def test_logs_are_retained(template: Cfn) -> None:
    for group in resources(template, "AWS::Logs::LogGroup").values():
        assert group["RetentionInDays"] in (30, 365)


def test_photos_are_served_through_cloudfront_from_the_public_prefix_only(template: Cfn) -> None:
    (distribution,) = [
        props
        for name, props in resources(template, "AWS::CloudFront::Distribution").items()
        if name.startswith("PhotoCdn")
    ]
    (origin,) = distribution["DistributionConfig"]["Origins"]
    assert origin["OriginPath"] == "/public"
    assert "OriginAccessControlId" in origin
    assert (
        distribution["DistributionConfig"]["DefaultCacheBehavior"]["ViewerProtocolPolicy"]
        == "redirect-to-https"
    )
