"""cdk-nag's AwsSolutions and Serverless packs, and cfn-lint, on the synthesized stack.

Every finding is either fixed or acknowledged in the code with a written reason (infra/constructs/nag.py);
CDK's policy validation fails the synthesis on anything else, and this test shows what it reported.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from aws_cdk import App, Validations
from cdk_nag import AwsSolutionsChecks, ServerlessChecks
from cfnlint.api import lint

from infra.app import build

REPO_ROOT = Path(__file__).resolve().parents[2]


def _violations(report_file: Path) -> list[str]:
    report: dict[str, Any] = json.loads(report_file.read_text())
    return [
        f"{violation['ruleName']} at {construct['constructPath']}"
        for plugin in report["pluginReports"]
        for violation in plugin.get("violations", [])
        for construct in violation["violatingConstructs"]
    ]


@pytest.fixture(scope="module")
def synthesized(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cdk.out")
    context = json.loads((REPO_ROOT / "cdk.json").read_text())["context"]
    app = App(outdir=str(out), context={**context, "aws:cdk:bundling-stacks": []})
    stack = build(app)
    Validations.of(app).add_plugins(AwsSolutionsChecks(app), ServerlessChecks(app))
    try:
        app.synth()
    except Exception:  # policy validation failed: name every finding, not just "validation failed"
        found = _violations(out / "validation-report.json")
        pytest.fail("unacknowledged cdk-nag findings:\n" + "\n".join(found))
    return out / f"{stack.stack_name}.template.json"


def test_no_unacknowledged_cdk_nag_findings(synthesized: Path) -> None:
    report = synthesized.parent / "validation-report.json"
    if report.exists():
        assert _violations(report) == []


def test_cfn_lint_finds_no_errors(synthesized: Path) -> None:
    matches = lint(synthesized.read_text(), regions=["ap-southeast-1"])
    errors = [f"{m.rule.id} {m.message}" for m in matches if m.rule.severity == "error"]
    assert errors == []
    # The one warning CDK itself produces: W3005, each function's explicit DependsOn on its role, which the
    # GetAtt of the role already implies. Any other warning fails here and gets looked at.
    warnings = {m.rule.id for m in matches if m.rule.severity == "warning"}
    assert warnings <= {"W3005"}, warnings
