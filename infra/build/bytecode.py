"""Bytecode in the deployed code: Lambda cannot write it, so what we do not ship every cold start compiles.

A function's code and its layer sit on read-only file systems. Without `.pyc` files beside them, Python
compiles every module it imports on every cold start and cannot keep the result: the libraries' import takes
×4–5 as long (`make bench` prints both). The bytecode must come from the runtime's own Python version (the
file header carries a magic number per minor version; a mismatch is silently recompiled), so it is written by
`python<runtime version>` when the build machine has one, and the build says so loudly when it has not.

Hash-based and unchecked (PEP 552): CDK zips an asset with fixed timestamps, so timestamp-checked bytecode
would never match its source there; the deployed files never change under it, so nothing needs checking.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

from infra.build.runtime import PYTHON_VERSION

RUNTIME_PYTHON = f"python{PYTHON_VERSION}"
RUNTIME_PYTHON_ENV = "RUNTIME_PYTHON"
MISSING = (
    f"==> No {RUNTIME_PYTHON} on this machine: the Lambda code ships without bytecode, so each cold start"
    f" compiles every module it imports. Install Python {PYTHON_VERSION} (or name it in {RUNTIME_PYTHON_ENV})"
    " before a deploy."
)


@functools.cache
def _say_missing() -> None:
    print(MISSING, file=sys.stderr)  # once per build, not once per asset


@functools.cache
def _version(python: str) -> str:
    """The interpreter's "major.minor"; empty when it cannot be run (a wrong path in RUNTIME_PYTHON)."""
    try:
        done = subprocess.run(  # noqa: S603 - an interpreter asked its version, no shell
            [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return ""
    return done.stdout.strip()


def runtime_interpreter() -> str | None:
    """The build machine's interpreter of the runtime's version, if it has one: the one `RUNTIME_PYTHON`
    names (a build machine that installs it where PATH does not look, as the pipeline does), else the
    `python<version>` on PATH. One of another version is never taken: its bytecode would be ignored."""
    for python in (os.environ.get(RUNTIME_PYTHON_ENV), shutil.which(RUNTIME_PYTHON)):
        if python and _version(python) == PYTHON_VERSION:
            return python
    return None


def compile_tree(root: Path, python: str) -> list[str]:
    """Writes `__pycache__/*.pyc` for every module under root; returns the files that do not compile.

    Libraries ship a few files that are not meant to compile (templates, other Pythons' examples); those stay
    source, as they are never imported."""
    done = subprocess.run(  # noqa: S603 - a fixed argv of our own, no shell
        [python, "-m", "compileall", "-q", "-j", "0", "--invalidation-mode", "unchecked-hash", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    return [line.split(" ", 2)[-1] for line in done.stdout.splitlines() if line.startswith("*** Error")]


def compile_for_runtime(root: Path, what: str) -> None:
    """Compiles root with the runtime's interpreter if there is one, and says what it did."""
    python = runtime_interpreter()
    if python is None:
        _say_missing()
        return
    failed = compile_tree(root, python)
    note = f" ({len(failed)} files left as source: they do not compile)" if failed else ""
    print(f"==> Bytecode for {what} written by {RUNTIME_PYTHON}{note}", file=sys.stderr)


def main() -> int:
    """`python -m infra.build.bytecode`: exits 2 when a deploy would ship no bytecode (`make deploy` asks)."""
    if runtime_interpreter() is None:
        print(MISSING, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
