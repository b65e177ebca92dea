"""The staff user pool: groups from the topology, an app client for the staff web app.

Agency groups (`agency:<id>`) are created per agency by the directory admin, not here: agencies are data.
"""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy, Stack
from aws_cdk import aws_cognito as cognito
from constructs import Construct

from infra.constructs.nag import acknowledge
from infra.topology import Topology


class Auth(Construct):
    def __init__(self, scope: Construct, construct_id: str, topology: Topology) -> None:
        super().__init__(scope, construct_id)
        self.user_pool = cognito.UserPool(
            self,
            "StaffPool",
            user_pool_name=f"{Stack.of(self).stack_name}-{topology.user_pool.name}",
            self_sign_up_enabled=False,  # staff accounts are created by admins
            sign_in_aliases=cognito.SignInAliases(username=True, email=True),
            password_policy=cognito.PasswordPolicy(
                min_length=12,
                require_digits=True,
                require_lowercase=True,
                require_uppercase=True,
                require_symbols=True,
            ),
            mfa=cognito.Mfa.REQUIRED,
            mfa_second_factor=cognito.MfaSecondFactor(otp=True, sms=False),
            account_recovery=cognito.AccountRecovery.EMAIL_ONLY,
            removal_policy=RemovalPolicy.RETAIN,
        )
        acknowledge(
            self.user_pool,
            "AwsSolutions-COG8",
            "Essentials tier: staff accounts are few, admin-created and MFA-protected; threat "
            "protection (Plus) can be enabled per province without code changes.",
        )
        self.client = self.user_pool.add_client(
            "StaffWeb",
            auth_flows=cognito.AuthFlow(user_srp=True, user_password=True),
            id_token_validity=Duration.hours(1),
            prevent_user_existence_errors=True,
        )
        for group in topology.user_pool.groups:
            cognito.CfnUserPoolGroup(
                self, f"Group-{group}", user_pool_id=self.user_pool.user_pool_id, group_name=group
            )

    @property
    def issuer(self) -> str:
        return self.user_pool.user_pool_provider_url

    def environment(self, topology: Topology) -> dict[str, str]:
        spec = topology.user_pool
        return {
            spec.issuer_env: self.issuer,
            spec.jwks_env: f"{self.issuer}/.well-known/jwks.json",
            spec.client_env: self.client.user_pool_client_id,
        }
