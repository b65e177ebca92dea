"""Cleaned photos (re-encoded, EXIF/GPS stripped) served through CloudFront; originals never are.

The distribution's origin path is the bucket's public/ prefix, so no URL can reach an original, and the
bucket stays private: CloudFront reads it through origin access control.
"""

from __future__ import annotations

from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_s3 as s3
from constructs import Construct

from infra.constructs.nag import acknowledge

PUBLIC_PREFIX = "public"


class PhotoCdn(Construct):
    def __init__(self, scope: Construct, construct_id: str, bucket: s3.IBucket) -> None:
        super().__init__(scope, construct_id)
        self.distribution = cloudfront.Distribution(
            self,
            "Distribution",
            comment="Cleaned public copies of report photos",
            default_behavior=cloudfront.BehaviorOptions(
                origin=origins.S3BucketOrigin.with_origin_access_control(
                    bucket, origin_path=f"/{PUBLIC_PREFIX}"
                ),
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                allowed_methods=cloudfront.AllowedMethods.ALLOW_GET_HEAD,
                cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
                response_headers_policy=cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
            ),
            price_class=cloudfront.PriceClass.PRICE_CLASS_200,  # includes edge locations in Vietnam
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
        )
        reasons = {
            "AwsSolutions-CFR1": "Public records for everyone: no geographic restriction by design.",
            "AwsSolutions-CFR2": "Static, cleaned images only, no application logic; a CloudFront WAF would "
            "have to live in us-east-1 and is left to provinces that need it.",
            "AwsSolutions-CFR3": "Standard logging needs ACL-enabled buckets; API access logs and the "
            "bucket's server access logs already record the data path.",
            "AwsSolutions-CFR4": "The default *.cloudfront.net certificate allows only what CloudFront "
            "sets; a province's custom domain and certificate enforce TLSv1.2_2021.",
        }
        for rule, reason in reasons.items():
            acknowledge(self.distribution, rule, reason)

    @property
    def url(self) -> str:
        return f"https://{self.distribution.distribution_domain_name}"
