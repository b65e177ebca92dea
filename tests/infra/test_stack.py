"""Properties of the synthesized CloudFormation template, with the expectations derived from the topology.

The stack is synthesized once for the module, with the feature flags of cdk.json and without bundling (the
layer's pip install is exercised by `make synth`, not here).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

import pytest

from infra.build.runtime import RUNTIME_NAME
from infra.build.service_code import stage_service
from infra.constructs.functions import METRICS_NAMESPACE
from infra.stage import DEFAULTS
from infra.topology import REPORT_OUTBOX, TOPOLOGY, Function

REPO_ROOT = Path(__file__).resolve().parents[2]
Resource = dict[str, Any]
Cfn = Mapping[str, Any]


def resources(template: Cfn, type_: str) -> dict[str, Resource]:
    return {
        name: res.get("Properties", {}) for name, res in template["Resources"].items() if res["Type"] == type_
    }


def target_id(value: Any) -> str:
    """The logical id behind a {"Ref": id} or {"Fn::GetAtt": [id, attr]}."""
    return value["Ref"] if "Ref" in value else value["Fn::GetAtt"][0]


# Functions CDK itself adds to run a deployment step (BucketDeployment copies the web app to its bucket).
CDK_PROVIDERS = ("CustomCDKBucketDeployment",)
WEB_BUCKET = "WebSite"


PIPE_ENRICHMENTS = {pipe.enrichment for pipe in TOPOLOGY.pipes}


def own_functions(template: Cfn) -> dict[str, Resource]:
    """The topology's functions (not CDK's providers, not the pipes' enrichments: tested apart)."""
    return {
        logical_id: props
        for logical_id, props in resources(template, "AWS::Lambda::Function").items()
        if not logical_id.startswith(CDK_PROVIDERS) and props["Handler"] not in PIPE_ENRICHMENTS
    }


def functions_by_name(template: Cfn) -> dict[str, tuple[str, Resource]]:
    """Topology function name -> (logical id, properties), matched on the handler."""
    by_handler = {spec.handler: spec.name for spec in TOPOLOGY.functions}
    assert len(by_handler) == len(TOPOLOGY.functions), "handlers must identify topology functions"
    return {
        by_handler[props["Handler"]]: (logical_id, props)
        for logical_id, props in own_functions(template).items()
    }


def allowed_statements(template: Cfn, role_id: str) -> list[tuple[list[str], str]]:
    """(actions, resources as JSON) of every Allow statement in the policies attached to the role."""
    found = []
    for policy in resources(template, "AWS::IAM::Policy").values():
        if {"Ref": role_id} not in policy["Roles"]:
            continue
        for statement in policy["PolicyDocument"]["Statement"]:
            if statement["Effect"] == "Allow":
                actions = statement["Action"]
                found.append(
                    ([actions] if isinstance(actions, str) else actions, json.dumps(statement["Resource"]))
                )
    return found


def can(template: Cfn, role_id: str, action: str, resource_id: str | None = None) -> bool:
    return any(
        any(fnmatchcase(action, pattern) for pattern in actions)
        and (resource_id is None or targets == '"*"' or f'"{resource_id}"' in targets)
        for actions, targets in allowed_statements(template, role_id)
    )


# --- functions ---------------------------------------------------------------------------------------------


def test_one_function_per_topology_function(template: Cfn) -> None:
    handlers = [props["Handler"] for props in own_functions(template).values()]
    assert sorted(handlers) == sorted(spec.handler for spec in TOPOLOGY.functions)
    functions = functions_by_name(template)
    for spec in TOPOLOGY.functions:
        props = functions[spec.name][1]
        assert (props["MemorySize"], props["Timeout"]) == (spec.memory_mb, spec.timeout_s), spec.name


def test_every_function_is_python312_on_arm64_with_the_layer(template: Cfn) -> None:
    layers = resources(template, "AWS::Lambda::LayerVersion").items()
    # BucketDeployment's provider brings its own layer (the AWS CLI).
    (layer_id, layer), *others = [(name, props) for name, props in layers if "AwsCliLayer" not in name]
    assert not others
    assert layer["CompatibleRuntimes"] == [RUNTIME_NAME]
    assert layer["CompatibleArchitectures"] == ["arm64"]
    for props in own_functions(template).values():
        assert props["Runtime"] == RUNTIME_NAME
        assert props["Architectures"] == ["arm64"]
        assert props["Layers"] == [{"Ref": layer_id}]
        assert props["TracingConfig"] == {"Mode": "Active"}


@pytest.mark.parametrize("spec", TOPOLOGY.functions, ids=lambda spec: spec.name)
def test_function_environment_names_every_resource(template: Cfn, spec: Function) -> None:
    env = functions_by_name(template)[spec.name][1]["Environment"]["Variables"]
    tables = resources(template, "AWS::DynamoDB::Table")
    assert all(target_id(env[table.env]) in tables for table in TOPOLOGY.tables)
    buckets = resources(template, "AWS::S3::Bucket")
    assert all(target_id(env[bucket.env]) in buckets for bucket in TOPOLOGY.buckets)
    assert target_id(env[TOPOLOGY.bus_env]) in resources(template, "AWS::Events::EventBus")
    assert env["MAIL_FROM"] == DEFAULTS["mail_from"]
    assert env["POWERTOOLS_SERVICE_NAME"] == spec.service
    assert env["POWERTOOLS_METRICS_NAMESPACE"] == METRICS_NAMESPACE


def test_service_assets_hold_only_their_service_and_shared() -> None:
    for service in {spec.service for spec in TOPOLOGY.functions}:
        root = stage_service(service)
        files = [path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()]
        assert "services/__init__.py" in files
        assert all(
            name == "services/__init__.py" or name.startswith((f"services/{service}/", "shared/"))
            for name in files
        ), service
        assert not [name for name in files if "__pycache__" in name or "/tests/" in name], service
        for spec in TOPOLOGY.functions:
            if spec.service == service:
                module = spec.handler.rsplit(".", 1)[0]
                assert f"{module.replace('.', '/')}.py" in files, spec.handler


# --- least privilege ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", TOPOLOGY.functions, ids=lambda spec: spec.name)
def test_function_role_grants_exactly_what_the_topology_declares(template: Cfn, spec: Function) -> None:
    _, props = functions_by_name(template)[spec.name]
    role = target_id(props["Role"])
    env = props["Environment"]["Variables"]
    for table in TOPOLOGY.tables:
        table_id = target_id(env[table.env])
        access = spec.tables.get(table.name)
        assert can(template, role, "dynamodb:GetItem", table_id) == (access is not None), table.name
        assert can(template, role, "dynamodb:PutItem", table_id) == (access == "write"), table.name
        assert can(template, role, "dynamodb:Query", table_id) == (access is not None), table.name
    for bucket in TOPOLOGY.buckets:
        bucket_id = target_id(env[bucket.env])
        assert can(template, role, "s3:GetObject", bucket_id) == (spec.bucket_access is not None)
        assert can(template, role, "s3:PutObject", bucket_id) == (spec.bucket_access == "write")
    bus_id = target_id(env[TOPOLOGY.bus_env])
    assert can(template, role, "events:PutEvents", bus_id) == spec.publishes
    assert can(template, role, "events:PutEvents") == spec.publishes
    assert can(template, role, "ses:SendEmail") == spec.sends_email
    assert can(template, role, "sns:Publish") == spec.sends_sms
    # Sending to a topology queue is declared (a scheduled function's own async DLQ is not).
    async_dlq = props.get("DeadLetterConfig", {}).get("TargetArn")
    sends = [
        targets
        for actions, targets in allowed_statements(template, role)
        if "sqs:SendMessage" in actions and not (async_dlq and target_id(async_dlq) in targets)
    ]
    assert bool(sends) == bool(spec.sends_to)
    # Nothing rides along as a managed policy; logs go to the function's own log group only.
    assert "ManagedPolicyArns" not in resources(template, "AWS::IAM::Role")[role]
    assert can(template, role, "logs:PutLogEvents", target_id(props["LoggingConfig"]["LogGroup"]))
    assert not can(template, role, "logs:CreateLogGroup")
    # No wildcard actions anywhere in the function's policies.
    for actions, _ in allowed_statements(template, role):
        assert not [a for a in actions if "*" in a], actions


def test_only_the_chat_webhooks_publish_themselves_report_events_leave_through_the_pipe(
    template: Cfn,
) -> None:
    # The parametrized test above covers this; pinned here so a topology edit cannot make it vacuous.
    functions = functions_by_name(template)
    assert can(template, target_id(functions["chat-webhooks"][1]["Role"]), "events:PutEvents")
    for writer in ("intake-api", "routing-worker", "staff-api", "sla-worker", "sla-sweep"):
        assert not can(template, target_id(functions[writer][1]["Role"]), "events:PutEvents"), writer


# --- messaging ---------------------------------------------------------------------------------------------


def dead_letter_queue_ids(template: Cfn) -> set[str]:
    redrives = [
        target_id(props["RedrivePolicy"]["deadLetterTargetArn"])
        for props in resources(template, "AWS::SQS::Queue").values()
        if "RedrivePolicy" in props
    ]
    schedules = [
        target_id(props["Target"]["DeadLetterConfig"]["Arn"])
        for props in resources(template, "AWS::Scheduler::Schedule").values()
        if "DeadLetterConfig" in props["Target"]
    ]
    rule_targets = [
        target_id(target["DeadLetterConfig"]["Arn"])
        for props in resources(template, "AWS::Events::Rule").values()
        for target in props.get("Targets", [])
    ]
    async_invocations = [
        target_id(props["DeadLetterConfig"]["TargetArn"])
        for props in resources(template, "AWS::Lambda::Function").values()
        if "DeadLetterConfig" in props
    ]
    pipes = [
        target_id(props["SourceParameters"]["DynamoDBStreamParameters"]["DeadLetterConfig"]["Arn"])
        for props in resources(template, "AWS::Pipes::Pipe").values()
    ]
    return {*redrives, *schedules, *rule_targets, *async_invocations, *pipes}


def test_every_queue_that_is_not_a_dlq_redrives_to_a_dlq(template: Cfn) -> None:
    queues = resources(template, "AWS::SQS::Queue")
    dlqs = dead_letter_queue_ids(template)
    work_queues = {name: props for name, props in queues.items() if name not in dlqs}
    assert len(work_queues) == len(TOPOLOGY.queues)
    for props in work_queues.values():
        redrive = props["RedrivePolicy"]
        assert target_id(redrive["deadLetterTargetArn"]) in dlqs
        assert target_id(redrive["deadLetterTargetArn"]) in queues
    for props in queues.values():
        assert props["SqsManagedSseEnabled"] is True


def consumers(template: Cfn) -> list[tuple[Resource, Resource, Function]]:
    """(event source mapping, consumed queue, consuming topology function) for every mapping."""
    queues = resources(template, "AWS::SQS::Queue")
    by_id = {logical_id: name for name, (logical_id, _) in functions_by_name(template).items()}
    return [
        (
            mapping,
            queues[target_id(mapping["EventSourceArn"])],
            TOPOLOGY.function(by_id[target_id(mapping["FunctionName"])]),
        )
        for mapping in resources(template, "AWS::Lambda::EventSourceMapping").values()
    ]


def test_event_source_mappings_report_partial_batch_failures(template: Cfn) -> None:
    mappings = consumers(template)
    assert sorted(spec.name for _, _, spec in mappings) == sorted(
        f.name for f in TOPOLOGY.functions if f.queue
    )
    for mapping, queue, spec in mappings:
        assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
        assert spec.queue
        assert mapping["BatchSize"] == TOPOLOGY.queue(spec.queue).batch_size
        assert mapping["ScalingConfig"]["MaximumConcurrency"] >= 2
        assert queue["RedrivePolicy"]["maxReceiveCount"] == TOPOLOGY.queue(spec.queue).max_receive_count


def test_queue_visibility_timeout_is_six_times_the_consumer_timeout(template: Cfn) -> None:
    for _, queue, spec in consumers(template):
        assert queue["VisibilityTimeout"] >= 6 * spec.timeout_s, spec.name


def test_rules_target_only_queues_and_route_as_the_topology_says(template: Cfn) -> None:
    queues = resources(template, "AWS::SQS::Queue")
    consumer_of_queue = {
        json.dumps(mapping["EventSourceArn"]): spec.name for mapping, _, spec in consumers(template)
    }
    routed = []
    for rule in resources(template, "AWS::Events::Rule").values():
        assert "ScheduleExpression" not in rule
        for target in rule["Targets"]:
            assert target_id(target["Arn"]) in queues, "a rule targets something other than an SQS queue"
            routed.append(
                (tuple(rule["EventPattern"]["detail-type"]), consumer_of_queue[json.dumps(target["Arn"])])
            )
    expected = [(rule.detail_types, TOPOLOGY.consumer_of(rule.queue).name) for rule in TOPOLOGY.rules]
    assert sorted(routed) == sorted(expected)


# --- schedules ---------------------------------------------------------------------------------------------


def test_scheduled_functions_run_from_scheduler_with_retries_and_a_dlq(template: Cfn) -> None:
    functions = functions_by_name(template)
    scheduled = {spec.name: spec.schedule_minutes for spec in TOPOLOGY.functions if spec.schedule_minutes}
    assert scheduled, "the topology schedules the SLA sweep"
    schedules = resources(template, "AWS::Scheduler::Schedule").values()
    unit = {1: "minute"}  # AWS wants the singular for one (notify-retry runs every minute)
    expected = {
        functions[name][0]: f"rate({minutes} {unit.get(minutes, 'minutes')})"
        for name, minutes in scheduled.items()
    }
    assert {target_id(s["Target"]["Arn"]): s["ScheduleExpression"] for s in schedules} == expected
    queues = resources(template, "AWS::SQS::Queue")
    for schedule in schedules:
        assert schedule["Target"]["RetryPolicy"]["MaximumRetryAttempts"] > 0
        assert target_id(schedule["Target"]["DeadLetterConfig"]["Arn"]) in queues
    for rule in resources(template, "AWS::Events::Rule").values():
        assert not {target_id(t["Arn"]) for t in rule["Targets"]} & set(expected)


# --- storage -----------------------------------------------------------------------------------------------


def test_tables_match_the_topology_with_pitr_on_demand_and_encryption(template: Cfn) -> None:
    tables = resources(template, "AWS::DynamoDB::Table").values()
    for props in tables:
        assert props["BillingMode"] == "PAY_PER_REQUEST"
        assert props["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
        assert props["SSESpecification"]["SSEEnabled"] is True

    def shape(keys: list[Resource], indexes: list[Resource], ttl: str | None, stream: Any) -> tuple[Any, ...]:
        return (
            tuple(key["AttributeName"] for key in keys),
            tuple(
                sorted((i["IndexName"], tuple(k["AttributeName"] for k in i["KeySchema"])) for i in indexes)
            ),
            ttl,
            stream.get("StreamViewType"),
        )

    synthesized = Counter(
        shape(
            props["KeySchema"],
            props.get("GlobalSecondaryIndexes", []),
            props["TimeToLiveSpecification"]["AttributeName"] if "TimeToLiveSpecification" in props else None,
            props.get("StreamSpecification", {}),
        )
        for props in tables
    )
    declared = Counter(
        (
            (t.pk, t.sk) if t.sk else (t.pk,),
            tuple(sorted((i.name, (i.pk, i.sk) if i.sk else (i.pk,)) for i in t.indexes)),
            t.ttl_attribute,
            "NEW_IMAGE" if t.stream else None,
        )
        for t in TOPOLOGY.tables
    )
    assert synthesized == declared


def test_buckets_are_private_encrypted_versioned_and_ssl_only(template: Cfn) -> None:
    every_bucket = resources(template, "AWS::S3::Bucket")
    log_buckets = {
        target_id(p["LoggingConfiguration"]["DestinationBucketName"])
        for p in every_bucket.values()
        if "LoggingConfiguration" in p
    }
    buckets = {
        name: props
        for name, props in every_bucket.items()
        if name not in log_buckets
        and not name.startswith(WEB_BUCKET)  # the web app's: tests/infra/test_web.py
    }
    assert len(buckets) == len(TOPOLOGY.buckets)
    assert len(log_buckets) == 1
    for props in buckets.values():
        rules = props["LifecycleConfiguration"]["Rules"]
        assert any(rule.get("Prefix") == "uploads/" and rule.get("ExpirationInDays") for rule in rules)
        # Full published photos go to Standard-IA after a month; thumbnails (under 128 KB) stay.
        [to_ia] = [rule for rule in rules if rule.get("Prefix") == "public/"]
        assert to_ia["ObjectSizeGreaterThan"] == str(128 * 1024)  # CloudFormation types it as a string
        assert to_ia["Transitions"] == [{"StorageClass": "STANDARD_IA", "TransitionInDays": 30}]
    policies = {
        target_id(p["Bucket"]): p["PolicyDocument"]
        for p in resources(template, "AWS::S3::BucketPolicy").values()
    }
    for bucket_id, props in buckets.items():
        assert props["PublicAccessBlockConfiguration"] == dict.fromkeys(
            ("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"), True
        )
        assert props["BucketEncryption"]["ServerSideEncryptionConfiguration"][0][
            "ServerSideEncryptionByDefault"
        ] == {"SSEAlgorithm": "AES256"}
        assert props["VersioningConfiguration"] == {"Status": "Enabled"}
        assert any(
            statement["Effect"] == "Deny"
            and statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
            for statement in policies[bucket_id]["Statement"]
        )


# --- api ---------------------------------------------------------------------------------------------------


def test_one_method_per_topology_route_proxied_to_its_function(template: Cfn) -> None:
    api_resources = resources(template, "AWS::ApiGateway::Resource")

    def path(resource: Any) -> str:
        if "Fn::GetAtt" in resource:  # the root resource
            return ""
        node = api_resources[resource["Ref"]]
        return f"{path(node['ParentId'])}/{node['PathPart']}"

    by_id = {logical_id: name for name, (logical_id, _) in functions_by_name(template).items()}
    routes = []
    for method in resources(template, "AWS::ApiGateway::Method").values():
        if method["HttpMethod"] == "OPTIONS":  # CORS preflight, answered by API Gateway itself
            assert method["Integration"]["Type"] == "MOCK"
            continue
        integration = method["Integration"]
        assert integration["Type"] == "AWS_PROXY"
        function_arn = next(
            part
            for part in integration["Uri"]["Fn::Join"][1]
            if isinstance(part, dict) and "Fn::GetAtt" in part
        )
        routes.append(
            (
                method["HttpMethod"],
                path(method["ResourceId"]),
                by_id[target_id(function_arn)],
                method["AuthorizationType"],
            )
        )
    expected = [
        (route.method, route.path, spec.name, "COGNITO_USER_POOLS" if route.auth == "staff" else "NONE")
        for spec in TOPOLOGY.functions
        for route in spec.routes
    ]
    assert sorted(routes) == sorted(expected)
    assert any(route.auth == "staff" for spec in TOPOLOGY.functions for route in spec.routes)


def test_staff_pool_has_the_topology_groups_mfa_and_a_strong_password_policy(template: Cfn) -> None:
    ((pool_id, pool),) = resources(template, "AWS::Cognito::UserPool").items()
    assert pool["MfaConfiguration"] == "ON"
    policy = pool["Policies"]["PasswordPolicy"]
    assert policy["MinimumLength"] >= 12
    assert all(
        policy[k] for k in ("RequireUppercase", "RequireLowercase", "RequireNumbers", "RequireSymbols")
    )
    assert pool["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True
    groups = {g["GroupName"] for g in resources(template, "AWS::Cognito::UserPoolGroup").values()}
    assert groups == set(TOPOLOGY.user_pool.groups)
    (authorizer,) = resources(template, "AWS::ApiGateway::Authorizer").values()
    assert authorizer["Type"] == "COGNITO_USER_POOLS"
    assert target_id(authorizer["ProviderARNs"][0]) == pool_id


def test_functions_verify_tokens_against_the_pool(template: Cfn) -> None:
    ((pool_id, _),) = resources(template, "AWS::Cognito::UserPool").items()
    (client_id,) = resources(template, "AWS::Cognito::UserPoolClient")
    spec = TOPOLOGY.user_pool
    for _, props in functions_by_name(template).values():
        env = props["Environment"]["Variables"]
        assert pool_id in json.dumps(env[spec.issuer_env])
        assert json.dumps(env[spec.jwks_env]).endswith('/.well-known/jwks.json"]]}')
        assert target_id(env[spec.client_env]) == client_id


def test_api_stage_is_named_api_and_throttled(template: Cfn) -> None:
    (stage,) = resources(template, "AWS::ApiGateway::Stage").values()
    assert stage["StageName"] == "api"
    (settings,) = stage["MethodSettings"]
    assert settings["ThrottlingRateLimit"] > 0
    assert settings["ThrottlingBurstLimit"] > 0


def test_the_api_answers_staff_photos_as_jpeg_bytes(template: Cfn) -> None:
    """The staff photo route returns base64 from Lambda: API Gateway decodes it for `Accept: image/jpeg`."""
    (api,) = resources(template, "AWS::ApiGateway::RestApi").values()
    assert api["BinaryMediaTypes"] == ["image/jpeg"]


# --- agency groups -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", TOPOLOGY.functions, ids=lambda spec: spec.name)
def test_only_functions_that_manage_the_pool_may_create_groups_in_it(template: Cfn, spec: Function) -> None:
    ((pool_id, _),) = resources(template, "AWS::Cognito::UserPool").items()
    _, props = functions_by_name(template)[spec.name]
    role = target_id(props["Role"])
    assert can(template, role, "cognito-idp:CreateGroup", pool_id) == spec.manages_user_pool
    assert not can(template, role, "cognito-idp:AdminCreateUser")  # groups, never users
    env = props["Environment"]["Variables"]
    pool_env = TOPOLOGY.user_pool.pool_id_env
    assert (pool_env in env) == spec.manages_user_pool
    if spec.manages_user_pool:
        assert target_id(env[pool_env]) == pool_id


def test_the_staff_api_manages_agency_groups(template: Cfn) -> None:
    # Pinned so a topology edit cannot make the parametrized test above vacuous.
    assert TOPOLOGY.function("staff-api").manages_user_pool


def test_api_functions_sign_cursors_with_one_generated_secret(template: Cfn) -> None:
    (secret_id,) = (
        name
        for name, props in resources(template, "AWS::SecretsManager::Secret").items()
        if "cursor" in props.get("Description", "")
    )
    for name, (_, props) in functions_by_name(template).items():
        env = props["Environment"]["Variables"]
        if TOPOLOGY.function(name).routes:
            assert secret_id in json.dumps(env["CURSOR_SECRET"]), name
        else:
            assert "CURSOR_SECRET" not in env, name


# --- the outbox pipe ---------------------------------------------------------------------------------------


def the_pipe(template: Cfn) -> Resource:
    [pipe] = resources(template, "AWS::Pipes::Pipe").values()
    return pipe


def test_the_outbox_pipe_reads_the_reports_stream_and_puts_on_the_bus(template: Cfn) -> None:
    pipe, spec = the_pipe(template), REPORT_OUTBOX
    tables = resources(template, "AWS::DynamoDB::Table")
    assert pipe["Source"]["Fn::GetAtt"][1] == "StreamArn"
    assert tables[target_id(pipe["Source"])]["StreamSpecification"] == {"StreamViewType": "NEW_IMAGE"}
    assert target_id(pipe["Target"]) in resources(template, "AWS::Events::EventBus")
    source = pipe["SourceParameters"]
    assert [f["Pattern"] for f in source["FilterCriteria"]["Filters"]] == [spec.filter_pattern]
    stream = source["DynamoDBStreamParameters"]
    assert stream["StartingPosition"] == "TRIM_HORIZON"
    assert (stream["BatchSize"], stream["MaximumRetryAttempts"]) == (spec.batch_size, spec.retry_attempts)
    assert stream["MaximumRecordAgeInSeconds"] == spec.max_record_age_s
    assert stream["OnPartialBatchItemFailure"] == "AUTOMATIC_BISECT"
    assert target_id(stream["DeadLetterConfig"]["Arn"]) in resources(template, "AWS::SQS::Queue")
    assert pipe["TargetParameters"]["EventBridgeEventBusParameters"] == {
        "Source": spec.source_path,
        "DetailType": spec.detail_type_path,
        "Time": spec.time_path,
    }
    enrichment = resources(template, "AWS::Lambda::Function")[target_id(pipe["Enrichment"])]
    assert enrichment["Handler"] == spec.enrichment
    assert (enrichment["MemorySize"], enrichment["Timeout"]) == (
        spec.enrichment_memory_mb,
        spec.enrichment_timeout_s,
    )
    assert enrichment["Architectures"] == ["arm64"] and enrichment["Runtime"] == RUNTIME_NAME
    assert "Layers" not in enrichment and "Environment" not in enrichment  # shared/ alone, no settings


def test_the_pipes_role_does_exactly_what_the_pipe_does(template: Cfn) -> None:
    pipe = the_pipe(template)
    role = target_id(pipe["RoleArn"])
    table, bus = target_id(pipe["Source"]), target_id(pipe["Target"])
    dlq = target_id(pipe["SourceParameters"]["DynamoDBStreamParameters"]["DeadLetterConfig"]["Arn"])
    enrichment = target_id(pipe["Enrichment"])
    for action in ("dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:DescribeStream"):
        assert can(template, role, action, table), action
    assert can(template, role, "lambda:InvokeFunction", enrichment)
    assert can(template, role, "events:PutEvents", bus)
    assert can(template, role, "sqs:SendMessage", dlq)
    assert not can(template, role, "dynamodb:PutItem") and not can(template, role, "dynamodb:GetItem")
    granted = {action for actions, _ in allowed_statements(template, role) for action in actions}
    assert granted <= {
        "dynamodb:DescribeStream",
        "dynamodb:GetRecords",
        "dynamodb:GetShardIterator",
        "dynamodb:ListStreams",
        "lambda:InvokeFunction",
        "events:PutEvents",
        "sqs:SendMessage",
        "sqs:GetQueueAttributes",
        "sqs:GetQueueUrl",
        "logs:CreateLogStream",
        "logs:PutLogEvents",
    }, granted
