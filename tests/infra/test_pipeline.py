"""The delivery pipeline: tests gate everything, dev is smoke-tested, prod needs a person's approval."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from aws_cdk import App
from aws_cdk.assertions import Template

from infra.app import build_pipeline
from infra.build.runtime import PYTHON_VERSION

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def template() -> Template:
    context = json.loads((REPO_ROOT / "cdk.json").read_text())["context"]
    app = App(
        context={
            **context,
            "aws:cdk:bundling-stacks": [],
            "pipeline": "true",
            "repository": "province/phananh",
            "connection_arn": "arn:aws:codeconnections:ap-southeast-1:111111111111:connection/abc",
        }
    )
    return Template.from_stack(build_pipeline(app))


@pytest.fixture(scope="module")
def pipeline(template: Template) -> dict[str, Any]:
    (resource,) = template.find_resources("AWS::CodePipeline::Pipeline").values()
    return dict(resource["Properties"])


def stage_actions(pipeline: dict[str, Any]) -> dict[str, list[str]]:
    return {stage["Name"]: [action["Name"] for action in stage["Actions"]] for stage in pipeline["Stages"]}


def test_stages_run_in_order_source_build_dev_prod(pipeline: dict[str, Any]) -> None:
    names = list(stage_actions(pipeline))
    assert names[:2] == ["Source", "Build"]
    assert names.index("Dev") < names.index("Prod")


def test_dev_is_smoke_tested_and_prod_waits_for_approval(pipeline: dict[str, Any]) -> None:
    actions = stage_actions(pipeline)
    assert "SmokeTest" in actions["Dev"]
    assert actions["Prod"][0] == "PromoteToProd"
    prod = next(stage for stage in pipeline["Stages"] if stage["Name"] == "Prod")
    approval = prod["Actions"][0]
    assert approval["ActionTypeId"]["Category"] == "Approval"
    assert all(a["RunOrder"] > approval["RunOrder"] for a in prod["Actions"][1:])


def test_missing_pipeline_context_is_a_clear_error() -> None:
    with pytest.raises(SystemExit, match="connection_arn"):
        build_pipeline(App(context={"pipeline": "true", "repository": "province/phananh"}))


def test_the_synth_stops_before_code_without_bytecode_is_synthesized(template: Template) -> None:
    specs = [
        json.loads(project["Properties"]["Source"]["BuildSpec"])
        for project in template.find_resources("AWS::CodeBuild::Project").values()
    ]
    (synth,) = [spec for spec in specs if any("cdk synth" in c for c in _commands(spec))]
    commands = _commands(synth)
    check = commands.index(".venv/bin/python -m infra.build.bytecode")
    assert check < next(i for i, c in enumerate(commands) if "cdk synth" in c)
    # The build image gets the runtime's Python and names it before anything builds an asset.
    assert f"python3 -m uv python install {PYTHON_VERSION}" in commands
    assert commands.index(next(c for c in commands if c.startswith("export RUNTIME_PYTHON="))) < check


def _commands(spec: dict[str, Any]) -> list[str]:
    return [c for phase in spec.get("phases", {}).values() for c in phase.get("commands", [])]
