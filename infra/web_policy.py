"""The web app's Content-Security-Policy, one rule for the cloud (CloudFront's response headers) and the
local run (infra/local/web.py): scripts and styles from the app's own origin only, never inline; data and
images from the origins each place names. Plain Python, so the local runner loads no CDK."""

from __future__ import annotations

from collections.abc import Sequence


def content_security_policy(
    *, images: Sequence[str], connect: Sequence[str], upgrade_insecure_requests: bool
) -> str:
    img_src = " ".join(["'self'", "data:", "blob:", *images])
    connect_src = " ".join(["'self'", *connect])
    directives = [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        f"img-src {img_src}",
        f"connect-src {connect_src}",
        "font-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
    if upgrade_insecure_requests:
        directives.append("upgrade-insecure-requests")
    return "; ".join(directives)
