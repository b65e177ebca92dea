"""Each Lambda code asset works on its own: only the asset and the dependency layer on sys.path.

A fresh interpreter with -I -S (no site-packages, no environment paths) imports every handler of the
service, so a handler importing a dev-only package, another service's code, or a file left out of the
asset fails here rather than in the cloud. The layer used is the host-platform build of the very same pins
(`make test` builds it; the deployed layer is the arm64 build of requirements/lambda.txt).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from infra.build.service_code import stage_service, stage_shared
from infra.topology import TOPOLOGY, StreamPipe

REPO_ROOT = Path(__file__).resolve().parents[2]
HOST_LAYER = REPO_ROOT / ".build" / "layer-host" / "python"
SERVICES = sorted({f.service for f in TOPOLOGY.functions})
# What a deployed function's environment gives it at import time.
ENV = {
    "AWS_REGION": "ap-southeast-1",
    "AWS_DEFAULT_REGION": "ap-southeast-1",
    "POWERTOOLS_TRACE_DISABLED": "true",
    **{t.env: f"table-{t.name}" for t in TOPOLOGY.tables},
    **{b.env: f"bucket-{b.name}" for b in TOPOLOGY.buckets},
    TOPOLOGY.bus_env: "bus",
}


def import_in_isolation(asset: Path, modules: list[str]) -> subprocess.CompletedProcess[str]:
    code = (
        "import importlib, sys\n"
        f"sys.path[:0] = [{str(asset)!r}, {str(HOST_LAYER)!r}]\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
    )
    return subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-I", "-S", "-c", code],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def layer() -> Path:
    if not (HOST_LAYER.parent / ".built").exists():
        pytest.fail(
            "the host build of the layer is missing: run `make test` (or `make .build/layer-host/.built`)"
        )
    return HOST_LAYER


@pytest.mark.parametrize("service", SERVICES)
def test_every_handler_imports_from_its_asset_and_the_layer_alone(layer: Path, service: str) -> None:
    handlers = sorted({f.handler.rsplit(".", 1)[0] for f in TOPOLOGY.functions if f.service == service})
    result = import_in_isolation(stage_service(service), handlers)
    assert result.returncode == 0, result.stderr[-2000:]


def test_isolation_is_real_a_dev_package_is_not_importable(layer: Path) -> None:
    result = import_in_isolation(stage_service(SERVICES[0]), ["moto"])
    assert result.returncode != 0
    assert "ModuleNotFoundError" in result.stderr


@pytest.mark.parametrize("pipe", TOPOLOGY.pipes, ids=lambda pipe: pipe.name)
def test_a_pipes_enrichment_runs_from_shared_alone_without_the_layer(pipe: StreamPipe) -> None:
    module, _, attribute = pipe.enrichment.rpartition(".")
    record = {"dynamodb": {"NewImage": {"event": {"S": '{"type": "Report.Submitted"}'}}}}
    code = (
        "import importlib, sys\n"
        f"sys.path[:0] = [{str(stage_shared('enrichment-check'))!r}]\n"
        f"handler = getattr(importlib.import_module({module!r}), {attribute!r})\n"
        f"print(handler([{record!r}], None))\n"
    )
    result = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-I", "-S", "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "[{'type': 'Report.Submitted'}]"
