"""The web app in the cloud: a private bucket behind CloudFront (origin access control), strict security
headers, the SPA fallback, config.json written at deploy, and the API's CORS origin set to it."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Template

from infra.app import build
from infra.constructs.web import PLACEHOLDER, SPA_FALLBACK, AppConfig, WebApp, content_security_policy
from infra.stack import PUBLIC_API_URL_ENV
from infra.topology import TOPOLOGY
from shared.cors import WEB_ORIGIN_ENV
from tests.infra.test_stack import Cfn, functions_by_name, resources, target_id

REPO_ROOT = Path(__file__).resolve().parents[2]


def web_bucket(template: Cfn) -> tuple[str, dict[str, Any]]:
    (found,) = [(n, p) for n, p in resources(template, "AWS::S3::Bucket").items() if n.startswith("WebSite")]
    return found


def web_distribution(template: Cfn) -> tuple[str, dict[str, Any]]:
    (found,) = [
        (n, p["DistributionConfig"])
        for n, p in resources(template, "AWS::CloudFront::Distribution").items()
        if n.startswith("WebDistribution")
    ]
    return found


def flat(value: Any) -> str:
    """A CloudFormation string as text, each reference shown as <logical id>."""
    if isinstance(value, str):
        return value
    if "Fn::Join" in value:
        return "".join(flat(part) for part in value["Fn::Join"][1])
    return f"<{target_id(value)}>"


def csp(template: Cfn) -> str:
    (policy,) = resources(template, "AWS::CloudFront::ResponseHeadersPolicy").values()
    security = policy["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    return flat(security["ContentSecurityPolicy"]["ContentSecurityPolicy"])


# --- the whole stack ---------------------------------------------------------------------------------------


def test_the_web_bucket_is_private_encrypted_ssl_only_and_logged(template: Cfn) -> None:
    name, bucket = web_bucket(template)
    assert bucket["PublicAccessBlockConfiguration"] == dict.fromkeys(
        ("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"), True
    )
    assert bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"]
    assert bucket["LoggingConfiguration"]["LogFilePrefix"] == "web/"
    (policy,) = [
        p for p in resources(template, "AWS::S3::BucketPolicy").values() if target_id(p["Bucket"]) == name
    ]
    statements = policy["PolicyDocument"]["Statement"]
    assert any(
        s["Effect"] == "Deny" and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
        for s in statements
    )
    # Only CloudFront, signed as this distribution, reads it.
    distribution, _ = web_distribution(template)
    readers = [s for s in statements if s["Effect"] == "Allow"]
    assert readers
    for statement in readers:
        assert statement["Principal"] == {"Service": "cloudfront.amazonaws.com"}
        assert distribution in json.dumps(statement["Condition"])


def test_cloudfront_reads_the_bucket_through_origin_access_control(template: Cfn) -> None:
    bucket, _ = web_bucket(template)
    _, config = web_distribution(template)
    (origin,) = config["Origins"]
    assert target_id(origin["DomainName"]) == bucket
    control = target_id(origin["OriginAccessControlId"])
    settings = resources(template, "AWS::CloudFront::OriginAccessControl")[control][
        "OriginAccessControlConfig"
    ]
    assert (settings["SigningBehavior"], settings["SigningProtocol"]) == ("always", "sigv4")
    assert config["DefaultCacheBehavior"]["ViewerProtocolPolicy"] == "redirect-to-https"
    assert config["DefaultRootObject"] == "index.html"


def test_the_content_security_policy_is_strict(template: Cfn) -> None:
    policy = csp(template)
    directives = {d.split()[0]: d.split()[1:] for d in policy.split("; ")}
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    api = "https://<ApiRestApiE35FEAFE>.execute-api.<AWS::Region>.<AWS::URLSuffix>"
    assert directives["connect-src"][:3] == ["'self'", api, "https://cognito-idp.<AWS::Region>.amazonaws.com"]
    assert directives["img-src"][:4] == ["'self'", "data:", "blob:", api]
    # Photo uploads (presigned POST) and the photos the API redirects to: the photo bucket's hosts only.
    photo_hosts = [h for h in directives["connect-src"] if "Storagephotos" in h]
    assert len(photo_hosts) == 2 and set(photo_hosts) <= set(directives["img-src"])


def test_every_answer_carries_the_security_headers(template: Cfn) -> None:
    (policy_id,) = resources(template, "AWS::CloudFront::ResponseHeadersPolicy")
    (policy,) = resources(template, "AWS::CloudFront::ResponseHeadersPolicy").values()
    security = policy["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    assert security["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31_536_000
    assert security["FrameOptions"]["FrameOption"] == "DENY"
    assert security["ContentTypeOptions"]["Override"] is True
    _, config = web_distribution(template)
    behaviors = [config["DefaultCacheBehavior"], *config["CacheBehaviors"]]
    assert {b.get("PathPattern") for b in behaviors} == {None, "/v1/docs*"}
    for behavior in behaviors:
        assert behavior["ResponseHeadersPolicyId"] == {"Ref": policy_id}
        (association,) = behavior["FunctionAssociations"]
        assert association["EventType"] == "viewer-request"


def test_config_json_and_the_build_are_deployed_to_the_bucket(template: Cfn) -> None:
    bucket, _ = web_bucket(template)
    distribution, _ = web_distribution(template)
    deployments = list(resources(template, "Custom::CDKBucketDeployment").values())
    shell = next(d for d in deployments if d.get("Prune"))
    assert target_id(shell["DestinationBucketName"]) == bucket
    assert shell["DistributionId"] == {"Ref": distribution}
    assert shell["SystemMetadata"]["cache-control"] == "no-cache"
    markers = json.dumps(shell["SourceMarkers"])
    for value in ("ApiRestApi", "AuthStaffPool", "AuthStaffPoolStaffWeb", "AWS::Region"):
        assert value in markers


def test_the_api_allows_the_web_app_s_origin_and_the_browser_may_post_photos(template: Cfn) -> None:
    distribution, _ = web_distribution(template)
    origins = {
        json.dumps(answer["ResponseParameters"]["method.response.header.Access-Control-Allow-Origin"])
        for method in resources(template, "AWS::ApiGateway::Method").values()
        if method["HttpMethod"] == "OPTIONS"
        for answer in method["Integration"]["IntegrationResponses"]
    }
    assert len(origins) == 1 and distribution in origins.pop()
    (photos,) = [
        p for n, p in resources(template, "AWS::S3::Bucket").items() if n.startswith("Storagephotos")
    ]
    (rule,) = photos["CorsConfiguration"]["CorsRules"]
    assert rule["AllowedMethods"] == ["POST"]
    outputs = template["Outputs"]
    assert any(
        o["Value"] == {"Fn::Join": ["", ["https://", {"Fn::GetAtt": [distribution, "DomainName"]}]]}
        for o in outputs.values()
    )


def test_api_gateway_s_own_refusals_have_the_error_shape_and_cors(template: Cfn) -> None:
    distribution, _ = web_distribution(template)
    answers = {p["ResponseType"]: p for p in resources(template, "AWS::ApiGateway::GatewayResponse").values()}
    assert {
        "UNAUTHORIZED",
        "ACCESS_DENIED",
        "MISSING_AUTHENTICATION_TOKEN",
        "THROTTLED",
        "WAF_FILTERED",
    } <= set(answers)
    assert {"DEFAULT_4XX", "DEFAULT_5XX"} <= set(answers)
    assert answers["MISSING_AUTHENTICATION_TOKEN"]["StatusCode"] == "404"  # an unknown path, as locally
    assert answers["UNAUTHORIZED"]["StatusCode"] == "401"
    for answer in answers.values():
        error = json.loads(answer["ResponseTemplates"]["application/json"])["error"]
        assert set(error) == {"code", "message_vi", "message_en"}
        origin = answer["ResponseParameters"]["gatewayresponse.header.Access-Control-Allow-Origin"]
        assert distribution in json.dumps(origin)


def test_api_functions_name_the_web_origin_for_their_cors_headers(template: Cfn) -> None:
    distribution, _ = web_distribution(template)
    url = {"Fn::Join": ["", ["https://", {"Fn::GetAtt": [distribution, "DomainName"]}]]}
    for spec in TOPOLOGY.functions:
        env = functions_by_name(template)[spec.name][1]["Environment"]["Variables"]
        assert env.get(WEB_ORIGIN_ENV) == (url if spec.routes else None), spec.name


def test_the_web_origin_context_overrides_the_distribution() -> None:
    context = json.loads((REPO_ROOT / "cdk.json").read_text())["context"]
    app = App(
        context={**context, "aws:cdk:bundling-stacks": [], "web_origin": "https://phananh.camau.gov.vn"}
    )
    template = Template.from_stack(build(app)).to_json()
    origins = {
        json.dumps(answer["ResponseParameters"]["method.response.header.Access-Control-Allow-Origin"])
        for method in resources(template, "AWS::ApiGateway::Method").values()
        if method["HttpMethod"] == "OPTIONS"
        for answer in method["Integration"]["IntegrationResponses"]
    }
    assert origins == {json.dumps("'https://phananh.camau.gov.vn'")}


# --- the construct alone, with and without a build ---------------------------------------------------------


def synth_web(dist: Path, out: Path) -> tuple[Cfn, Path]:
    app = App(outdir=str(out))
    stack = Stack(app, "WebOnly")
    WebApp(
        stack,
        "Web",
        access_logs=s3.Bucket(stack, "Logs"),
        config=AppConfig(
            api_base="https://api.example/api", user_pool_id="pool", user_pool_client_id="client", region="r"
        ),
        api_origin="https://api.example",
        photos=s3.Bucket(stack, "Photos"),
        dist=dist,
    )
    assembly = app.synth()
    return assembly.get_stack_by_name("WebOnly").template, out


def deployed_files(out: Path, deployment: dict[str, Any]) -> dict[str, str]:
    """The files of each source zip of a BucketDeployment, read from the staged assets in cdk.out."""
    files: dict[str, str] = {}
    for key in deployment["SourceObjectKeys"]:
        asset = out / f"asset.{key.removesuffix('.zip')}"
        if asset.is_dir():
            files |= {str(p.relative_to(asset)): p.read_text() for p in asset.rglob("*") if p.is_file()}
        else:
            with zipfile.ZipFile(asset.with_suffix(".zip")) as archive:
                files |= {n: archive.read(n).decode() for n in archive.namelist()}
    return files


def test_config_json_has_exactly_the_keys_the_app_reads(tmp_path: Path) -> None:
    template, out = synth_web(tmp_path / "no-build", tmp_path / "out")
    (deployment,) = resources(template, "Custom::CDKBucketDeployment").values()
    files = deployed_files(out, deployment)
    config = json.loads(files["config.json"])
    assert config == {
        "api_base": "https://api.example/api",
        "user_pool_id": "pool",
        "user_pool_client_id": "client",
        "region": "r",
        "cognito_endpoint": None,
        "tiles_url": None,
    }


def test_without_a_build_a_placeholder_page_is_deployed(tmp_path: Path) -> None:
    template, out = synth_web(tmp_path / "no-build", tmp_path / "out")
    (deployment,) = resources(template, "Custom::CDKBucketDeployment").values()
    assert deployed_files(out, deployment)["index.html"] == PLACEHOLDER


def test_a_build_is_deployed_with_hashed_files_cached_for_a_year(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><script type=module src=/assets/index-abc.js></script>")
    (dist / "assets" / "index-abc.js").write_text("console.log(1)")
    template, out = synth_web(dist, tmp_path / "out")
    deployments = {
        name: (props, json.loads(json.dumps(template["Resources"][name].get("DependsOn", []))))
        for name, props in resources(template, "Custom::CDKBucketDeployment").items()
    }
    (hashed_id,) = [n for n, (p, _) in deployments.items() if p.get("Include") == ["assets/*"]]
    hashed = deployments[hashed_id][0]
    assert hashed["Exclude"] == ["*"] and hashed["Prune"] is False
    assert hashed["SystemMetadata"]["cache-control"] == "public, max-age=31536000, immutable"
    (shell, depends_on) = next(v for n, v in deployments.items() if n != hashed_id)
    assert shell["Exclude"] == ["assets/*"] and shell["Prune"] is True
    assert hashed_id in depends_on  # pages go out only once the files they name are there
    files = deployed_files(out, shell)
    assert files["index.html"].startswith("<!doctype html><script")
    report = out / "validation-report.json"
    assert not report.exists() or "F3004" not in report.read_text()  # no dependency cycle
    assert "config.json" in files


def test_a_content_security_policy_never_allows_inline_scripts() -> None:
    policy = content_security_policy("https://api", "https://idp", ["https://img"], ["https://up"])
    assert "'unsafe-inline'" not in policy
    assert "script-src 'self';" in policy


@pytest.mark.skipif(shutil.which("node") is None, reason="node runs CloudFront Functions' JavaScript")
@pytest.mark.parametrize(
    ("uri", "served"),
    [
        ("/", "/index.html"),
        ("/r/PA-ABCD-2345", "/index.html"),
        ("/thong-ke", "/index.html"),
        ("/assets/index-abc.js", "/assets/index-abc.js"),
        ("/assets/missing.js", "/assets/missing.js"),  # a real 404, not the app's page
        ("/config.json", "/config.json"),
        ("/sw.js", "/sw.js"),
        ("/v1/docs", "/v1/docs/index.html"),
        ("/v1/docs/", "/v1/docs/index.html"),
        ("/v1/docs/swagger-ui.css", "/v1/docs/swagger-ui.css"),
    ],
)
def test_the_spa_fallback_rewrites_only_the_app_s_own_routes(uri: str, served: str) -> None:
    script = SPA_FALLBACK + f"\nconsole.log(handler({{request: {{uri: {json.dumps(uri)}}}}}).uri);"
    result = subprocess.run(  # noqa: S603 - node, fixed code
        [str(shutil.which("node")), "-e", script], capture_output=True, text=True, check=True, timeout=30
    )
    assert result.stdout.strip() == served


def test_api_functions_build_their_links_on_the_api_url_not_on_request_headers(template: Cfn) -> None:
    [rest_api] = [k for k, r in template["Resources"].items() if r["Type"] == "AWS::ApiGateway::RestApi"]
    for spec in TOPOLOGY.functions:
        env = functions_by_name(template)[spec.name][1]["Environment"]["Variables"]
        if not spec.routes:
            assert PUBLIC_API_URL_ENV not in env, spec.name
            continue
        url = json.dumps(env[PUBLIC_API_URL_ENV])
        assert rest_api in url and ".execute-api." in url and url.endswith('"/api"]]}'), (spec.name, url)
