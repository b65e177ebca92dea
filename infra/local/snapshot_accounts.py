"""Staff accounts and the local inbox across restarts of the local run, read from the emulator's memory:
no Cognito API returns a password, and SES/SNS keep sent messages only inside moto. The runner starts
moto in its own process (`ThreadedMotoServer`), so these are the very objects its server uses."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import boto3

from infra.local.invoker import ACCOUNT


def _pool(session: boto3.Session, pool_id: str) -> Any:
    from moto.cognitoidp.models import cognitoidp_backends

    return cognitoidp_backends[ACCOUNT][session.region_name].user_pools[pool_id]


def _users(session: boto3.Session, pool_id: str) -> list[dict[str, Any]]:
    return [
        {
            "username": user.username,
            "password": user.password,
            "status": user.status,
            "enabled": user.enabled,
            "attributes": [a for a in user.attributes if a["Name"] != "sub"],
            "groups": sorted(group.group_name for group in user.groups),
        }
        for user in _pool(session, pool_id).users.values()
    ]


def _inbox(session: boto3.Session) -> dict[str, Any]:
    from moto.ses.models import ses_backends
    from moto.sns.models import sns_backends

    region = session.region_name
    return {
        "emails": [
            {"id": m.id, "source": m.source, "subject": m.subject, "body": m.body, "to": m.destinations}
            for m in ses_backends[ACCOUNT][region].sent_messages
            if hasattr(m, "subject")
        ],
        "sms": dict(sns_backends[ACCOUNT][region].sms_messages),
    }


def save(session: boto3.Session, pool_id: str, to: Path) -> Counter[str]:
    users = _users(session, pool_id)
    groups = sorted(_pool(session, pool_id).groups)
    inbox = _inbox(session)
    saved = {"users": users, "groups": groups, "inbox": inbox}
    (to / "accounts.json").write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
    return Counter(users=len(users), emails=len(inbox["emails"]), sms=len(inbox["sms"]))


def _restore_user(idp: Any, pool_id: str, user: dict[str, Any], existing: set[str]) -> None:
    name = user["username"]
    if name not in existing:
        idp.admin_create_user(
            UserPoolId=pool_id, Username=name, UserAttributes=user["attributes"], MessageAction="SUPPRESS"
        )
    if user["password"]:
        idp.admin_set_user_password(
            UserPoolId=pool_id,
            Username=name,
            Password=user["password"],
            Permanent=user["status"] == "CONFIRMED",
        )
    for group in user["groups"]:
        idp.admin_add_user_to_group(UserPoolId=pool_id, Username=name, GroupName=group)
    if not user["enabled"]:
        idp.admin_disable_user(UserPoolId=pool_id, Username=name)


def _restore_inbox(session: boto3.Session, inbox: dict[str, Any]) -> None:
    from moto.ses.models import Message, ses_backends
    from moto.sns.models import sns_backends

    region = session.region_name
    ses = ses_backends[ACCOUNT][region]
    known = {m.id for m in ses.sent_messages}
    for m in inbox["emails"]:
        if m["id"] not in known:
            ses.sent_messages.append(Message(m["id"], m["source"], m["subject"], m["body"], m["to"]))
    sns_backends[ACCOUNT][region].sms_messages.update({k: tuple(v) for k, v in inbox["sms"].items()})


def restore(session: boto3.Session, pool_id: str, src: Path) -> Counter[str]:
    saved = json.loads((src / "accounts.json").read_text(encoding="utf-8"))
    idp = session.client("cognito-idp")
    pool = _pool(session, pool_id)
    for group in saved["groups"]:
        if group not in pool.groups:
            idp.create_group(UserPoolId=pool_id, GroupName=group)
    existing = set(pool.users)
    for user in saved["users"]:
        _restore_user(idp, pool_id, user, existing)
    _restore_inbox(session, saved["inbox"])
    inbox = saved["inbox"]
    return Counter(users=len(saved["users"]), emails=len(inbox["emails"]), sms=len(inbox["sms"]))
