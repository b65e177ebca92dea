"""The stack is synthesized once per test session, with cdk.json's feature flags and without bundling (the
layer's pip install is exercised by `make synth`, not here)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from aws_cdk import App
from aws_cdk.assertions import Template

from infra.app import build

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def template() -> Mapping[str, Any]:
    context = json.loads((REPO_ROOT / "cdk.json").read_text())["context"]
    app = App(context={**context, "aws:cdk:bundling-stacks": []})
    # Plain JSON from here on: every query through jsii would cost a round trip to node.
    return Template.from_stack(build(app)).to_json()
