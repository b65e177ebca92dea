"""CDK Pipelines: source → synth (lint, types, every test) → dev → smoke test → manual approval → prod.

The pipeline updates itself from the repository (self-mutation), so this file is its only definition.
"""

from __future__ import annotations

from typing import Any

from aws_cdk import Stack, Stage, pipelines
from constructs import Construct

from infra.build.runtime import PYTHON_VERSION
from infra.stack import PhanAnhStack
from infra.stage import StageConfig

UV_VERSION = "0.13.9"  # installs the runtime's Python on the build image


class PhanAnhStage(Stage):
    """One deployment of the whole system (dev or prod)."""

    def __init__(self, scope: Construct, construct_id: str, *, config: StageConfig, **kwargs: Any) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.stack = PhanAnhStack(self, "PhanAnh", config=config, stack_name=f"PhanAnh-{config.stage}")


class PipelineStack(Stack):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        repository: str,
        branch: str,
        connection_arn: str,
        dev: StageConfig,
        prod: StageConfig,
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        source = pipelines.CodePipelineSource.connection(repository, branch, connection_arn=connection_arn)
        pipeline = self._pipeline(source, branch)
        self._add_dev(pipeline, source, dev)
        self._add_prod(pipeline, prod)

    def _pipeline(self, source: pipelines.CodePipelineSource, branch: str) -> pipelines.CodePipeline:
        return pipelines.CodePipeline(
            self,
            "Pipeline",
            pipeline_name="PhanAnh",
            cross_account_keys=True,  # artifacts encrypted with a KMS key, ready for a separate prod account
            synth=pipelines.ShellStep(
                "Synth",
                input=source,
                # The runtime's Python writes the deployed code's bytecode (infra/build/bytecode.py); the
                # build image has none, so uv installs it (a pinned uv, from PyPI).
                install_commands=[
                    f"python3 -m pip install --quiet uv=={UV_VERSION}",
                    f"python3 -m uv python install {PYTHON_VERSION}",
                ],
                # `make test` installs everything itself (venv, pinned packages, the CDK CLI) and runs it all.
                commands=[
                    f'export RUNTIME_PYTHON="$(python3 -m uv python find {PYTHON_VERSION})"',
                    "make test",
                    # Stops here rather than ship code without bytecode: every cold start would compile it.
                    ".venv/bin/python -m infra.build.bytecode",
                    f"node_modules/.bin/cdk synth --no-notices -c pipeline=true -c branch={branch}",
                ],
            ),
        )

    def _add_dev(
        self, pipeline: pipelines.CodePipeline, source: pipelines.CodePipelineSource, dev: StageConfig
    ) -> None:
        """The dev stage, smoke-tested once deployed."""
        dev_stage = PhanAnhStage(self, "Dev", config=dev)
        pipeline.add_stage(
            dev_stage,
            post=[
                pipelines.ShellStep(
                    "SmokeTest",
                    input=source,  # the smoke script lives in the repository
                    env_from_cfn_outputs={"API_URL": dev_stage.stack.api_url_output},
                    commands=['python3 -m infra.delivery.smoke "$API_URL"'],
                )
            ],
        )

    def _add_prod(self, pipeline: pipelines.CodePipeline, prod: StageConfig) -> None:
        """The prod stage, deployed only once a person approves."""
        pipeline.add_stage(
            PhanAnhStage(self, "Prod", config=prod),
            pre=[
                pipelines.ManualApprovalStep("PromoteToProd", comment="Dev passed its smoke test. Promote?")
            ],
        )
