"""CDK entry point (cdk.json runs `python -m infra.app`): one stack per stage, built from the topology.

Context: `stage` (default "dev") names the stack; `mail_from` is the sender address the notify service uses.
"""

from __future__ import annotations

from aws_cdk import App, Tags

from infra.stack import PhanAnhStack
from infra.topology import TOPOLOGY

DEFAULT_STAGE = "dev"
DEFAULT_MAIL_FROM = "phananh@example.gov.vn"


def build(app: App) -> PhanAnhStack:
    stage = app.node.try_get_context("stage") or DEFAULT_STAGE
    mail_from = app.node.try_get_context("mail_from") or DEFAULT_MAIL_FROM
    stack = PhanAnhStack(
        app,
        f"PhanAnh-{stage}",
        mail_from=mail_from,
        description=f"Phản ánh hiện trường ({stage}): field reports from citizens to the competent agency",
    )
    Tags.of(stack).add("app", TOPOLOGY.app)
    Tags.of(stack).add("stage", stage)
    return stack


def main() -> None:
    app = App()
    build(app)
    app.synth()


if __name__ == "__main__":
    main()
