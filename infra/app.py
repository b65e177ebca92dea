"""CDK entry point (cdk.json runs `python -m infra.app`): one stack per stage, built from the topology.

Context (infra/stage.py): `stage` (default "dev") names the stack; `mail_from`, `web_origin`, `alarm_email`.
"""

from __future__ import annotations

from aws_cdk import App, Tags

from infra.stack import PhanAnhStack
from infra.stage import StageConfig
from infra.topology import TOPOLOGY


def build(app: App) -> PhanAnhStack:
    config = StageConfig.from_context(app.node)
    stack = PhanAnhStack(
        app,
        f"PhanAnh-{config.stage}",
        config=config,
        description=f"Phản ánh hiện trường ({config.stage}): citizens' field reports to the competent agency",
    )
    Tags.of(stack).add("app", TOPOLOGY.app)
    Tags.of(stack).add("stage", config.stage)
    return stack


def main() -> None:
    app = App()
    build(app)
    app.synth()


if __name__ == "__main__":
    main()
