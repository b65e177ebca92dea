"""The chat channels' keys in the template: one secret per platform, read only by the functions that
declare it, named by ARN in their environment, and no key's value anywhere in the template."""

from __future__ import annotations

import json
from typing import Any

from infra.topology import TOPOLOGY
from tests.infra.test_stack import Cfn, can, functions_by_name, resources, target_id


def chat_secrets(template: Cfn) -> dict[str, dict[str, Any]]:
    return {
        name: props
        for name, props in resources(template, "AWS::SecretsManager::Secret").items()
        if "chat channel" in props.get("Description", "")
    }


def test_one_secret_per_platform_with_the_topologys_keys(template: Cfn) -> None:
    found = chat_secrets(template)
    assert len(found) == len(TOPOLOGY.secrets) == 2
    for spec in TOPOLOGY.secrets:
        (props,) = (p for p in found.values() if f"The {spec.name} chat" in p["Description"])
        generator = props["GenerateSecretString"]
        keys = set(json.loads(generator["SecretStringTemplate"])) | {generator["GenerateStringKey"]}
        assert set(spec.keys) <= keys | {"unset"}


def test_only_the_declaring_functions_read_a_secret_and_learn_only_its_arn(template: Cfn) -> None:
    found = chat_secrets(template)
    for name, (_, props) in functions_by_name(template).items():
        spec = TOPOLOGY.function(name)
        env = props["Environment"]["Variables"]
        role = target_id(props["Role"])
        for secret in TOPOLOGY.secrets:
            declared = secret.name in spec.secrets
            assert (secret.env in env) == declared, (name, secret.name)
            readable = [sid for sid in found if can(template, role, "secretsmanager:GetSecretValue", sid)]
            if declared:
                assert target_id(env[secret.env]) in found
                assert readable
            elif not spec.secrets:
                assert readable == [], name
    assert {f.name for f in TOPOLOGY.functions if f.secrets} == {
        "chat-webhooks",
        "chat-worker",
        "notify-worker",
        "zalo-token-refresh",
    }


def test_functions_name_the_secrets_by_reference_never_by_a_literal(template: Cfn) -> None:
    text = json.dumps(template)
    for secret in TOPOLOGY.secrets:
        assert f'"{secret.env}": "' not in text  # always a reference, never a literal


def test_notify_may_hold_back_a_refused_chat_event_on_its_queue(template: Cfn) -> None:
    _, props = functions_by_name(template)["notify-worker"]
    role = target_id(props["Role"])
    assert can(template, role, "sqs:ChangeMessageVisibility")
    assert can(template, role, "sqs:GetQueueUrl")


def test_only_the_token_refresher_may_write_the_zalo_secret(template: Cfn) -> None:
    (zalo,) = (
        sid for sid, props in chat_secrets(template).items() if "The zalo chat" in props["Description"]
    )
    writers = {
        name
        for name, (_, props) in functions_by_name(template).items()
        if can(template, target_id(props["Role"]), "secretsmanager:PutSecretValue", zalo)
    }
    assert writers == {"zalo-token-refresh"}
