"""The web app: its build (`web/dist`) in a private bucket, served by CloudFront with strict security headers.

- The bucket is private (block public access, SSL only, encrypted, access-logged); CloudFront reads it
  through origin access control, with list access so a missing file is a real 404 rather than S3's 403.
- SPA fallback in a CloudFront Function on viewer requests: a path without a file extension (`/r/PA-…`,
  `/thong-ke`) is the app's own route and gets `/index.html`; a path with one is a file, and a missing
  file stays a 404. (Error responses 403/404 → /index.html would also answer 200 with HTML for a
  missing script or image, which hides broken deployments and confuses the service worker.)
- `/v1/docs` is Swagger UI, shipped inside the build; it reads `/v1/openapi.json` from the API, which
  lives on its own origin (API Gateway) like every other /v1/ path the app calls.
- `config.json` is written at deploy time from the stack's own values, so one build serves every stage.
- Hashed files under `assets/` are cached for a year and kept across deployments (an open tab may still
  ask for the previous ones); everything else is revalidated on every load and pruned.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from aws_cdk import Annotations, Duration, Stack
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as deployment
from constructs import Construct

from infra import web_policy
from infra.build.paths import REPO_ROOT
from infra.constructs.nag import acknowledge, acknowledge_bucket_deployment_provider

WEB_DIST = REPO_ROOT / "web" / "dist"
HASHED = "assets"  # Vite's output folder: every name carries its content hash
DOCS = "/v1/docs"
MEMORY_MB = 512  # the deployment copies a few MB of files through the AWS CLI
# Shown when the stack is synthesized before the web app is built (`npm run build` in web/).
PLACEHOLDER = (
    "<!doctype html><html lang=vi><meta charset=utf-8><title>Phản ánh hiện trường</title>"
    "<p>Ứng dụng web chưa được build. / The web app was not built when this stage was deployed.</p></html>"
)

SPA_FALLBACK = f"""
function handler(event) {{
  var request = event.request;
  var uri = request.uri;
  if (uri === '{DOCS}' || uri === '{DOCS}/') {{
    request.uri = '{DOCS}/index.html';
    return request;
  }}
  var name = uri.substring(uri.lastIndexOf('/') + 1);
  if (name.indexOf('.') === -1) {{
    request.uri = '/index.html';
  }}
  return request;
}}
"""


@dataclass(frozen=True)
class AppConfig:
    """What the app reads at start from /config.json (web/src/config.ts)."""

    api_base: str
    user_pool_id: str
    user_pool_client_id: str
    region: str
    cognito_endpoint: str | None = None  # the real Cognito endpoint of the region
    tiles_url: str | None = None  # no tile server: the map draws GET /v1/areas alone


def content_security_policy(
    api_origin: str, cognito_origin: str, image_origins: Sequence[str], upload_origins: Sequence[str]
) -> str:
    """Data from the API, Cognito and the photo bucket (uploads); images also from the API and the photo
    bucket (the API answers a photo with a redirect)."""
    return web_policy.content_security_policy(
        images=[api_origin, *image_origins],
        connect=[api_origin, cognito_origin, *upload_origins],
        upgrade_insecure_requests=True,
    )


def config_json(config: AppConfig) -> str:
    """config.json's text. Not Source.json_data: jsii drops keys whose value is None, and the app's contract
    has them as null. The deploy-time values (ids, a URL, a region) need no JSON escaping."""
    return json.dumps(asdict(config), indent=2) + "\n"


class WebApp(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        access_logs: s3.IBucket,
        config: AppConfig,
        api_origin: str,
        photos: s3.IBucket,
        dist: Path = WEB_DIST,
    ) -> None:
        super().__init__(scope, construct_id)
        self.bucket = self._site_bucket(access_logs)
        behavior = self._behavior(self._csp(api_origin, photos))
        self.distribution = cloudfront.Distribution(
            self,
            "Distribution",
            comment="Phản ánh hiện trường: the web app",
            default_root_object="index.html",
            default_behavior=behavior,
            # The API docs are the one path under /v1 that the build serves; named so that they stay on the
            # bucket if the API is ever put behind this distribution too.
            additional_behaviors={f"{DOCS}*": behavior},
            price_class=cloudfront.PriceClass.PRICE_CLASS_200,  # includes edge locations in Vietnam
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
        )
        Annotations.of(self.distribution.node.find_child("Origin1")).acknowledge_warning(
            "@aws-cdk/aws-cloudfront-origins:listBucketSecurityRisk",
            "The root object is index.html and the viewer-request function sends every path without a file "
            "extension (the root included) to /index.html: no request reaches S3 as a listing.",
        )
        self._deploy(dist, config)
        self._acknowledge()

    def _site_bucket(self, access_logs: s3.IBucket) -> s3.Bucket:
        return s3.Bucket(
            self,
            "Site",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            enforce_ssl=True,
            minimum_tls_version=1.2,
            encryption=s3.BucketEncryption.S3_MANAGED,
            server_access_logs_bucket=access_logs,
            server_access_logs_prefix="web/",
        )

    def _csp(self, api_origin: str, photos: s3.IBucket) -> str:
        region = Stack.of(self).region
        photo_origins = [
            f"https://{photos.bucket_regional_domain_name}",
            f"https://{photos.bucket_domain_name}",
        ]
        # Photos reach the page as the API's redirect to a presigned S3 address (boto3 names the bucket's
        # global and regional hosts), never through the photo CDN, which is why it is not listed.
        return content_security_policy(
            api_origin, f"https://cognito-idp.{region}.amazonaws.com", photo_origins, photo_origins
        )

    def _behavior(self, csp: str) -> cloudfront.BehaviorOptions:
        return cloudfront.BehaviorOptions(
            origin=origins.S3BucketOrigin.with_origin_access_control(
                self.bucket, origin_access_levels=[cloudfront.AccessLevel.READ, cloudfront.AccessLevel.LIST]
            ),
            viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
            allowed_methods=cloudfront.AllowedMethods.ALLOW_GET_HEAD,
            cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
            response_headers_policy=self._headers(csp),
            function_associations=[
                cloudfront.FunctionAssociation(
                    event_type=cloudfront.FunctionEventType.VIEWER_REQUEST,
                    function=cloudfront.Function(
                        self,
                        "SpaFallback",
                        code=cloudfront.FunctionCode.from_inline(SPA_FALLBACK),
                        runtime=cloudfront.FunctionRuntime.JS_2_0,
                        comment="The app's own routes get index.html; files stay files",
                    ),
                )
            ],
        )

    @property
    def url(self) -> str:
        return f"https://{self.distribution.distribution_domain_name}"

    def _headers(self, csp: str) -> cloudfront.ResponseHeadersPolicy:
        return cloudfront.ResponseHeadersPolicy(
            self,
            "Headers",
            comment="Security headers of the web app, with its Content-Security-Policy",
            security_headers_behavior=cloudfront.ResponseSecurityHeadersBehavior(
                content_security_policy=cloudfront.ResponseHeadersContentSecurityPolicy(
                    content_security_policy=csp, override=True
                ),
                strict_transport_security=cloudfront.ResponseHeadersStrictTransportSecurity(
                    access_control_max_age=Duration.days(730), include_subdomains=True, override=True
                ),
                content_type_options=cloudfront.ResponseHeadersContentTypeOptions(override=True),
                frame_options=cloudfront.ResponseHeadersFrameOptions(
                    frame_option=cloudfront.HeadersFrameOption.DENY, override=True
                ),
                referrer_policy=cloudfront.ResponseHeadersReferrerPolicy(
                    referrer_policy=cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
                    override=True,
                ),
            ),
            custom_headers_behavior=cloudfront.ResponseCustomHeadersBehavior(
                custom_headers=[
                    # The report form asks for the location and may take a photo; nothing else.
                    cloudfront.ResponseCustomHeader(
                        header="Permissions-Policy",
                        value="geolocation=(self), camera=(self), microphone=(), payment=()",
                        override=True,
                    ),
                    cloudfront.ResponseCustomHeader(
                        header="Cross-Origin-Opener-Policy", value="same-origin", override=True
                    ),
                ]
            ),
        )

    def _deploy(self, dist: Path, config: AppConfig) -> None:
        built = (dist / "index.html").is_file()
        site = (
            deployment.Source.asset(str(dist)) if built else deployment.Source.data("index.html", PLACEHOLDER)
        )
        # The hashed files first, and declared first: CDK's one provider function per stack takes the
        # AWS CLI layer of the first deployment, so the pages' deployment can wait for this one whole.
        hashed = self._deploy_hashed(site) if built and (dist / HASHED).is_dir() else None
        pages = deployment.BucketDeployment(
            self,
            "Deploy",
            destination_bucket=self.bucket,
            sources=[site, deployment.Source.data("config.json", config_json(config))],
            exclude=[f"{HASHED}/*"],  # also keeps prune away from the hashed files
            prune=True,
            cache_control=[deployment.CacheControl.no_cache()],
            distribution=self.distribution,
            distribution_paths=["/*"],
            memory_limit=MEMORY_MB,
        )
        if hashed is not None:
            pages.node.add_dependency(hashed)  # no page names a file that is not there yet
        acknowledge_bucket_deployment_provider(Stack.of(self), self.bucket)

    def _deploy_hashed(self, site: deployment.ISource) -> deployment.BucketDeployment:
        """Content-hashed assets: cached for a year, never pruned (an open page may still ask for them)."""
        return deployment.BucketDeployment(
            self,
            "DeployHashed",
            destination_bucket=self.bucket,
            sources=[site],
            exclude=["*"],
            include=[f"{HASHED}/*"],
            prune=False,
            cache_control=[
                deployment.CacheControl.set_public(),
                deployment.CacheControl.max_age(Duration.days(365)),
                deployment.CacheControl.immutable(),
            ],
            memory_limit=MEMORY_MB,
        )

    def _acknowledge(self) -> None:
        reasons = {
            "AwsSolutions-CFR1": "A public service for everyone: no geographic restriction by design.",
            "AwsSolutions-CFR2": "Static files only; the API behind them has its own WAF. A CloudFront WAF "
            "would have to live in us-east-1 and is left to provinces that need it.",
            "AwsSolutions-CFR3": "Standard logging needs ACL-enabled buckets; the bucket's server access "
            "logs record every file CloudFront reads.",
            "AwsSolutions-CFR4": "The default *.cloudfront.net certificate allows only what CloudFront "
            "sets; a province's custom domain and certificate enforce TLSv1.2_2021.",
        }
        for rule, reason in reasons.items():
            acknowledge(self.distribution, rule, reason)
