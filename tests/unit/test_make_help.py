"""`make help` names every target of the Makefile and every setting a newcomer may change."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = (
    "PORT", "AWS_EMULATOR_PORT", "SWEEP_SECONDS", "PHANANH_LOCAL_DIR", "WEB_TILES_URL", "STAGE", "FRESH",
)  # fmt: skip


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_help_lists_every_target_and_setting() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    phony = re.search(r"^\.PHONY:(.*?)(?<!\\)\n", makefile, flags=re.MULTILINE | re.DOTALL)
    assert phony is not None
    targets = phony.group(1).replace("\\", " ").split()
    make = shutil.which("make") or "make"
    shown = subprocess.run([make, "-s", "help"], cwd=ROOT, capture_output=True, text=True, check=True).stdout  # noqa: S603
    assert [t for t in targets if f"make {t} " not in shown] == []
    assert [s for s in SETTINGS if f"{s}=" not in shown] == []
