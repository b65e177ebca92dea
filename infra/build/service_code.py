"""Per-service code assets: a service's own package plus the shared package, nothing else.

Each service is staged into .build/assets/<service>/ so its asset hash (and so its deployments) changes only
when its own code or shared/ changes, and no tests reach Lambda. The bytecode that does is written for the
runtime's Python (infra/build/bytecode.py), never the host's leftovers.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from aws_cdk import aws_lambda as lambda_

from infra.build.bytecode import compile_for_runtime
from infra.build.paths import REPO_ROOT, STAGING_DIR

LEFT_OUT = shutil.ignore_patterns("__pycache__", "*.pyc", "tests", "test_*.py", "conftest.py")


def stage_service(service: str) -> Path:
    target = STAGING_DIR / service
    # Start clean so files deleted from the source do not linger in the asset.
    shutil.rmtree(target, ignore_errors=True)
    (target / "services").mkdir(parents=True)
    shutil.copy2(REPO_ROOT / "services" / "__init__.py", target / "services" / "__init__.py")
    shutil.copytree(REPO_ROOT / "services" / service, target / "services" / service, ignore=LEFT_OUT)
    shutil.copytree(REPO_ROOT / "shared", target / "shared", ignore=LEFT_OUT)
    compile_for_runtime(target, f"the {service} service")
    return target


def service_code(service: str) -> lambda_.Code:
    return lambda_.Code.from_asset(str(stage_service(service)))


def stage_shared(name: str) -> Path:
    """An asset of shared/ alone, for a function that needs nothing else (a pipe's enrichment)."""
    target = STAGING_DIR / name
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    shutil.copytree(REPO_ROOT / "shared", target / "shared", ignore=LEFT_OUT)
    compile_for_runtime(target, f"the {name} asset")
    return target


def shared_code(name: str = "shared-only") -> lambda_.Code:
    return lambda_.Code.from_asset(str(stage_shared(name)))
