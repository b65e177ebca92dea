"""The chat platforms' keys and tokens: one Secrets Manager secret per platform (a JSON object of the
topology's keys), read at run time by the functions that declare it. The template and the functions'
environment carry only the secret's ARN, never a value.

The values come from the platforms (Zalo: app id, OA secret key, OA access and refresh tokens; Meta: app
secret and page token), so an operator puts them after the first deploy (docs/chat-channels.md); until then
a secret holds no usable keys and the webhooks refuse every call. The Messenger verify token is ours to
choose: it is generated."""

from __future__ import annotations

import json

from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from infra.constructs.nag import acknowledge
from infra.topology import Function, Secret, Topology


class ChatSecrets(Construct):
    def __init__(self, scope: Construct, construct_id: str, topology: Topology) -> None:
        super().__init__(scope, construct_id)
        self._specs = {spec.name: spec for spec in topology.secrets}
        self.by_name = {spec.name: self._secret(spec) for spec in topology.secrets}

    def _secret(self, spec: Secret) -> secretsmanager.Secret:
        generated = spec.generated or "unset"  # a placeholder key until an operator puts the values
        template = {key: "" for key in spec.keys if key != generated}
        secret = secretsmanager.Secret(
            self,
            f"{spec.name}-keys",
            description=f"The {spec.name} chat channel's keys and tokens (JSON: {', '.join(spec.keys)})",
            generate_secret_string=secretsmanager.SecretStringGenerator(
                secret_string_template=json.dumps(template),
                generate_string_key=generated,
                exclude_punctuation=True,
                password_length=40,
            ),
        )
        acknowledge(
            secret,
            "AwsSolutions-SMG4",
            "Keys issued by the chat platform, rotated on the platform's side and put here by an operator "
            "(the Zalo access token's refresh: docs/chat-channels.md); Secrets Manager cannot rotate them.",
        )
        return secret

    def grant(self, fn: lambda_.Function, spec: Function) -> None:
        """The function may read the secrets it declares, and learns their ARNs (not their values); it may
        write those it rotates (the Zalo token refresher)."""
        for name in spec.secrets:
            secret = self.by_name[name]
            secret.grant_read(fn)
            fn.add_environment(self._specs[name].env, secret.secret_arn)
        for name in spec.rotates_secrets:
            self.by_name[name].grant_write(fn)
