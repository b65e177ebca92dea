"""CDK entry point (cdk.json runs `python -m infra.app`): one stack per stage, built from the topology.

Context (infra/stage.py): `stage` (default "dev") names the stack; `mail_from`, `web_origin`, `alarm_email`.
With `-c pipeline=true` (and `repository`, `connection_arn`, optionally `branch`) it builds the delivery
pipeline instead, which deploys the dev and prod stages itself.
"""

from __future__ import annotations

import os
from dataclasses import replace

from aws_cdk import App, Environment, Tags, Validations
from cdk_nag import AwsSolutionsChecks, ServerlessChecks

from infra.delivery.pipeline import PipelineStack
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


PIPELINE_CONTEXT = ("repository", "connection_arn")


def build_pipeline(app: App) -> PipelineStack:
    missing = [key for key in PIPELINE_CONTEXT if not app.node.try_get_context(key)]
    if missing:
        raise SystemExit(f"the pipeline needs context: {', '.join(f'-c {key}=...' for key in missing)}")
    base = StageConfig.from_context(app.node)
    return PipelineStack(
        app,
        "PhanAnh-pipeline",
        repository=app.node.get_context("repository"),
        branch=app.node.try_get_context("branch") or "main",
        connection_arn=app.node.get_context("connection_arn"),
        dev=replace(base, stage="dev"),
        prod=replace(base, stage="prod"),
        env=Environment(
            account=os.environ.get("CDK_DEFAULT_ACCOUNT"), region=os.environ.get("CDK_DEFAULT_REGION")
        ),
    )


def main() -> None:
    app = App()
    if app.node.try_get_context("pipeline") in (True, "true"):
        build_pipeline(app)
    else:
        build(app)
    # Synth (and so deploy) fails on any finding not fixed or acknowledged with a reason in the code.
    Validations.of(app).add_plugins(AwsSolutionsChecks(app), ServerlessChecks(app))
    app.synth()


if __name__ == "__main__":
    main()
