"""The REST API: one resource and method per topology route, proxied to the function that declares it."""

from __future__ import annotations

from aws_cdk import RemovalPolicy, Stack
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from infra.constructs.auth import Auth
from infra.constructs.gateway_errors import answer_refusals_in_one_shape
from infra.constructs.log_groups import log_group
from infra.constructs.nag import acknowledge
from infra.constructs.waf import ApiFirewall
from infra.stage import StageConfig
from infra.topology import Route, Topology

STAGE_NAME = "api"
# Stage-wide ceiling: far above a province's real traffic, low enough to bound the bill under abuse.
THROTTLING_RATE_LIMIT = 50
THROTTLING_BURST_LIMIT = 100
# What a browser client may send: JSON, a staff token, and the citizen API's own headers.
CORS_HEADERS = ["Content-Type", "Authorization", "Idempotency-Key", "X-Access-Token"]


class Api(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        topology: Topology,
        functions: dict[str, lambda_.Function],
        auth: Auth,
        config: StageConfig,
        web_origin: str,
    ) -> None:
        super().__init__(scope, construct_id)
        self.rest_api = self._rest_api(config, web_origin)
        validator = self.rest_api.add_request_validator(
            # Bodies are validated against a model only where a method declares one; the handlers own that.
            "Validator",
            validate_request_parameters=True,
            validate_request_body=True,
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
                self._method(route, integration, authorizer, validator)
        self._acknowledge_preflight()
        answer_refusals_in_one_shape(self.rest_api, web_origin)
        ApiFirewall(self, "Firewall", self.rest_api.deployment_stage.stage_arn)

    def _rest_api(self, config: StageConfig, web_origin: str) -> apigw.RestApi:
        access_logs = log_group(self, "AccessLogs", config)
        rest_api = apigw.RestApi(
            self,
            "RestApi",
            rest_api_name=Stack.of(self).stack_name,
            # Clients are in one country next to the region: an edge endpoint would add a CloudFront hop.
            endpoint_types=[apigw.EndpointType.REGIONAL],
            # Staff photos are answered as JPEG bytes (base64 from Lambda): API Gateway decodes them for a
            # client that asks for image/jpeg. No route takes an image body: uploads go straight to S3.
            binary_media_types=["image/jpeg"],
            deploy_options=_stage_options(access_logs),
            # Execution logging needs API Gateway's account-level role.
            cloud_watch_role=True,
            cloud_watch_role_removal_policy=RemovalPolicy.RETAIN,
            default_cors_preflight_options=apigw.CorsOptions(
                allow_origins=[web_origin],
                allow_methods=["GET", "POST", "PUT", "DELETE", "OPTIONS"],
                allow_headers=CORS_HEADERS,
            ),
        )
        acknowledge(
            rest_api,
            "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
            "AmazonAPIGatewayPushToCloudWatchLogs]",
            "API Gateway's account-level logging role: AWS documents this managed policy for it.",
        )
        return rest_api

    @property
    def origin(self) -> str:
        stack = Stack.of(self)
        return f"https://{self.rest_api.rest_api_id}.execute-api.{stack.region}.{stack.url_suffix}"

    @property
    def base_url(self) -> str:
        """The address clients put before /v1/... (no trailing slash)."""
        return f"{self.origin}/{STAGE_NAME}"

    def _method(
        self,
        route: Route,
        integration: apigw.LambdaIntegration,
        authorizer: apigw.IAuthorizer,
        validator: apigw.RequestValidator,
    ) -> None:
        resource = self.rest_api.root.resource_for_path(route.path)
        if route.auth == "staff":
            resource.add_method(
                route.method,
                integration,
                authorizer=authorizer,
                authorization_type=apigw.AuthorizationType.COGNITO,
                request_validator=validator,
            )
            return
        method = resource.add_method(
            route.method,
            integration,
            authorization_type=apigw.AuthorizationType.NONE,
            request_validator=validator,
        )
        for rule in ("AwsSolutions-APIG4", "AwsSolutions-COG4"):
            acknowledge(
                method,
                rule,
                "Public by design: citizens report without an account. Abuse is bounded by the WAF rate "
                "rule, stage throttling and the handlers' input bounds.",
            )

    def _acknowledge_preflight(self) -> None:
        # CORS preflight (OPTIONS) requests never carry credentials; API Gateway answers them itself.
        for child in self.rest_api.node.find_all():
            if isinstance(child, apigw.Method) and child.http_method == "OPTIONS":
                for rule in ("AwsSolutions-APIG4", "AwsSolutions-COG4"):
                    acknowledge(child, rule, "CORS preflight carries no credentials.")


def _stage_options(access_logs: logs.LogGroup) -> apigw.StageOptions:
    return apigw.StageOptions(
        stage_name=STAGE_NAME,
        throttling_rate_limit=THROTTLING_RATE_LIMIT,
        throttling_burst_limit=THROTTLING_BURST_LIMIT,
        tracing_enabled=True,
        # Caller, route, status and latency per request; never bodies, which carry citizens' data.
        access_log_destination=apigw.LogGroupLogDestination(access_logs),
        access_log_format=apigw.AccessLogFormat.json_with_standard_fields(
            caller=False,
            http_method=True,
            ip=True,
            protocol=True,
            request_time=True,
            resource_path=True,
            response_length=True,
            status=True,
            user=True,
        ),
        logging_level=apigw.MethodLoggingLevel.ERROR,
        data_trace_enabled=False,
    )
