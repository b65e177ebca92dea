"""The REST API: one resource and method per topology route, proxied to the function that declares it."""

from __future__ import annotations

from aws_cdk import Stack
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from infra.constructs.auth import Auth
from infra.topology import Topology

STAGE_NAME = "api"
# Stage-wide ceiling: far above a province's real traffic, low enough to bound the bill under abuse.
THROTTLING_RATE_LIMIT = 50
THROTTLING_BURST_LIMIT = 100


class Api(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        topology: Topology,
        functions: dict[str, lambda_.Function],
        auth: Auth,
    ) -> None:
        super().__init__(scope, construct_id)
        self.rest_api = apigw.RestApi(
            self,
            "RestApi",
            rest_api_name=Stack.of(self).stack_name,
            # Clients are in one country next to the region: an edge endpoint would add a CloudFront hop.
            endpoint_types=[apigw.EndpointType.REGIONAL],
            deploy_options=apigw.StageOptions(
                stage_name=STAGE_NAME,
                throttling_rate_limit=THROTTLING_RATE_LIMIT,
                throttling_burst_limit=THROTTLING_BURST_LIMIT,
                tracing_enabled=True,
            ),
        )
        # Staff routes are checked twice: here at the edge, and again in the function (shared/auth.py).
        authorizer = apigw.CognitoUserPoolsAuthorizer(
            self, "StaffAuthorizer", cognito_user_pools=[auth.user_pool]
        )
        for spec in topology.functions:
            if not spec.routes:
                continue
            # Console test-invoke permissions would double the function's resource policy for nothing.
            integration = apigw.LambdaIntegration(functions[spec.name], proxy=True, allow_test_invoke=False)
            for route in spec.routes:
                resource = self.rest_api.root.resource_for_path(route.path)
                if route.auth == "staff":
                    resource.add_method(
                        route.method,
                        integration,
                        authorizer=authorizer,
                        authorization_type=apigw.AuthorizationType.COGNITO,
                    )
                else:
                    resource.add_method(
                        route.method, integration, authorization_type=apigw.AuthorizationType.NONE
                    )
