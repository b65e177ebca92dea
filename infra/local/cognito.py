"""The staff user pool on the emulator: groups from the topology and the directory, demo users.

Clients sign in exactly as in the cloud (USER_PASSWORD_AUTH against cognito-idp); functions verify the
ID tokens against the emulator's JWKS.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import boto3

from infra.seed import DemoUser
from infra.topology import Topology
from shared.principal import agency_group


@dataclass
class UserPoolOutputs:
    pool_id: str
    client_id: str
    env: dict[str, str]


def provision_user_pool(
    session: boto3.Session, topology: Topology, endpoint_url: str, agency_ids: list[str]
) -> UserPoolOutputs:
    idp = session.client("cognito-idp")
    spec = topology.user_pool
    pool_id = idp.create_user_pool(
        PoolName=f"{topology.app}-{spec.name}",
        Policies={
            "PasswordPolicy": {
                "MinimumLength": 12,
                "RequireUppercase": True,
                "RequireLowercase": True,
                "RequireNumbers": True,
                "RequireSymbols": True,
            }
        },
    )["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName=f"{topology.app}-staff-web",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        GenerateSecret=False,
    )["UserPoolClient"]["ClientId"]
    for group in (*spec.groups, *(agency_group(a) for a in agency_ids)):
        idp.create_group(UserPoolId=pool_id, GroupName=group)
    region = session.region_name
    env = {
        spec.issuer_env: f"https://cognito-idp.{region}.amazonaws.com/{pool_id}",
        spec.jwks_env: f"{endpoint_url}/{pool_id}/.well-known/jwks.json",
        spec.client_env: client_id,
        spec.pool_id_env: pool_id,  # the admin API creates each new agency's group in this pool
    }
    return UserPoolOutputs(pool_id=pool_id, client_id=client_id, env=env)


def create_users(session: boto3.Session, pool_id: str, users: list[DemoUser]) -> None:
    idp: Any = session.client("cognito-idp")
    for user in users:
        idp.admin_create_user(UserPoolId=pool_id, Username=user.username, MessageAction="SUPPRESS")
        idp.admin_set_user_password(
            UserPoolId=pool_id, Username=user.username, Password=user.password, Permanent=True
        )
        for group in user.groups:
            idp.admin_add_user_to_group(UserPoolId=pool_id, Username=user.username, GroupName=group)
