"""The shared dependency layer: requirements/lambda.txt installed for the Lambda runtime on arm64.

pip downloads manylinux aarch64 wheels for the target interpreter, so any machine (x86, macOS, no Docker)
builds the same layer as the Lambda build image would.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import aws_cdk
import jsii
from aws_cdk import aws_lambda as lambda_

from infra.build.bytecode import compile_for_runtime, runtime_interpreter
from infra.build.paths import REQUIREMENTS_DIR
from infra.build.runtime import PYTHON_VERSION, RUNTIME_NAME, WHEEL_PLATFORMS

RUNTIME_DEPS = REQUIREMENTS_DIR / "lambda.txt"
# The dev environment's exact versions: the layer ships the transitive dependencies the tests ran against.
CONSTRAINTS = REQUIREMENTS_DIR / "constraints.txt"
TARGET = (
    *(arg for platform in WHEEL_PLATFORMS for arg in ("--platform", platform)),
    *("--implementation", "cp", "--python-version", PYTHON_VERSION),
)
# Never pulled: local bundling always succeeds or fails loudly, but BundlingOptions requires an image.
UNUSED_DOCKER_IMAGE = f"public.ecr.aws/sam/build-{RUNTIME_NAME}"


def pip_command(output_dir: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--quiet",  # pip's own warnings about this machine's index config are noise here; errors still print
        "--disable-pip-version-check",
        "--no-compile",  # the host's bytecode is the wrong version: the runtime's Python writes it after
        *TARGET,
        "--only-binary=:all:",
        "--target",
        f"{output_dir}/python",  # Lambda puts a layer's python/ on sys.path
        "-r",
        str(RUNTIME_DEPS),
        "-c",
        str(CONSTRAINTS),
    ]


@jsii.implements(aws_cdk.ILocalBundling)
class PipLocalBundling:
    def try_bundle(self, output_dir: str, options: aws_cdk.BundlingOptions) -> bool:
        print(f"==> Bundling the Lambda layer from {RUNTIME_DEPS.name} (pip, arm64 wheels)", file=sys.stderr)
        # A failed install raises instead of returning False, which would make CDK fall back to Docker.
        subprocess.run(pip_command(output_dir), check=True, stdout=sys.stderr)  # noqa: S603 - fixed argv, no shell
        compile_for_runtime(Path(output_dir) / "python", "the dependency layer")
        return True


def layer_fingerprint() -> str:
    """Changes only when what the layer would contain can change, so CDK reuses a bundled layer otherwise."""
    digest = hashlib.sha256(" ".join(TARGET).encode())
    # A layer bundled without bytecode is not reused once the machine can write it, nor the other way round.
    digest.update(b"bytecode" if runtime_interpreter() else b"source only")
    for path in (RUNTIME_DEPS, CONSTRAINTS):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def dependency_layer_code() -> lambda_.Code:
    return lambda_.Code.from_asset(
        str(REQUIREMENTS_DIR),
        asset_hash=layer_fingerprint(),
        bundling=aws_cdk.BundlingOptions(
            image=aws_cdk.DockerImage.from_registry(UNUSED_DOCKER_IMAGE),
            # jsii hands the options over as one struct; the generated protocol spells them as keywords.
            local=PipLocalBundling(),  # type: ignore[arg-type]
        ),
    )
