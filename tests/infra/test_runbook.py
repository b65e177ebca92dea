"""Every alarm of the synthesized stack has its runbook entry (docs/runbook.md, linked from the README),
and its description sends the reader there."""

from __future__ import annotations

from pathlib import Path

from tests.infra.test_operations import alarms
from tests.infra.test_stack import Cfn

ROOT = Path(__file__).resolve().parents[2]
RUNBOOK = ROOT / "docs" / "runbook.md"
STACK_PREFIX = "PhanAnh-dev-"


def test_every_alarm_has_a_runbook_entry(template: Cfn) -> None:
    runbook = RUNBOOK.read_text(encoding="utf-8")
    names = [alarm["AlarmName"] for alarm in alarms(template)]
    assert names and all(name.startswith(STACK_PREFIX) for name in names)
    missing = [
        n.removeprefix(STACK_PREFIX) for n in names if f"`{n.removeprefix(STACK_PREFIX)}`" not in runbook
    ]
    assert missing == [], f"add an entry to docs/runbook.md for: {missing}"
    for alarm in alarms(template):
        assert f"Runbook: docs/runbook.md ({alarm['AlarmName'].removeprefix(STACK_PREFIX)})" in str(
            alarm["AlarmDescription"]
        )


def test_the_readme_links_the_runbook() -> None:
    assert "(docs/runbook.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
