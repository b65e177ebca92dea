"""Every function's Tracer patches only the libraries we call with (shared/tracing.py): one left to
Powertools' default imports every library the X-Ray SDK knows on each cold start."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from infra.topology import TOPOLOGY

ROOT = Path(__file__).resolve().parents[2]
HANDLER_FILES = sorted(
    {ROOT / (f.handler.rsplit(".", 1)[0].replace(".", "/") + ".py") for f in TOPOLOGY.functions}
)


def _tracers(source: str) -> list[ast.Call]:
    calls = (node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call))
    return [c for c in calls if isinstance(c.func, ast.Name) and c.func.id == "Tracer"]


@pytest.mark.parametrize("path", HANDLER_FILES, ids=lambda p: p.stem)
def test_each_tracer_patches_only_the_modules_we_call_with(path: Path) -> None:
    for tracer in _tracers(path.read_text()):
        keywords = {k.arg: k.value for k in tracer.keywords}
        patched = keywords.get("patch_modules")
        assert isinstance(patched, ast.Name) and patched.id == "TRACED_MODULES", (
            f"{path.name}:{tracer.lineno}"
        )


def test_the_handlers_were_found() -> None:
    assert len(HANDLER_FILES) >= 15 and all(p.exists() for p in HANDLER_FILES)
