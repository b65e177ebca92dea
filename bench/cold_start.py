"""Cold-start import time: each handler module against a bare `import boto3`, each in a fresh interpreter.

A fresh subprocess per measurement is the only way to see what a new Lambda container pays; importing
twice in one process measures a dictionary lookup. Runs are interleaved (and the order rotated each
round) so drift in machine load spreads over every module instead of landing on one. The probe times
the import in CPU time (user + system) of its process, not wall time: on a machine shared with other jobs
the wall clock also counts the time spent waiting for a core (boto3's own import wandered 110–640 ms in
one run), while an import is CPU and page-cache reads, which process time counts.

Every module is measured with its bytecode already written, as the deployed code ships it
(infra/build/bytecode.py), in a cache of the bench's own (`PYTHONPYCACHEPREFIX`): a machine that sets
`PYTHONDONTWRITEBYTECODE`, or a checkout never imported before, would otherwise compile our modules in every
run. `without_bytecode` measures what a deploy without it pays: every import compiled, every cold start.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.env import production_env

ROOT = Path(__file__).resolve().parents[1]
BASELINE = "boto3"
FLOOR = "bench.floors.libraries"  # the libraries alone: how low a handler could go without dropping one
API_FLOOR = "bench.floors.api"  # the same plus the REST resolver every API function needs
FLOORS = (FLOOR, API_FLOOR)
# Only the import is timed, not interpreter start-up, which every module pays alike.
PROBE = (
    "import sys, time, importlib\n"
    "started = time.process_time()\n"
    "importlib.import_module(sys.argv[1])\n"
    "print(time.process_time() - started)\n"
)


@dataclass
class ColdStarts:
    runs: int
    seconds: dict[str, list[float]]  # module → one sample per run, BASELINE included


def import_env() -> dict[str, str]:
    """The environment a cold import is measured in: production settings, tracing on, no emulator."""
    env = dict(os.environ)
    env.update(production_env())
    env.pop("AWS_ENDPOINT_URL", None)  # an import must not depend on an emulator being up
    env["PYTHONPATH"] = str(ROOT)
    return env


def import_seconds(module: str, env: dict[str, str]) -> float:
    done = subprocess.run(  # noqa: S603 - our own interpreter running our own fixed probe
        [sys.executable, "-c", PROBE, module], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"importing {module} failed:\n{done.stderr.strip()}")
    return float(done.stdout.strip().splitlines()[-1])


def _interleaved(modules: list[str], runs: int, env: dict[str, str]) -> ColdStarts:
    everything = [BASELINE, *modules]
    samples: dict[str, list[float]] = {m: [] for m in everything}
    for run in range(runs):
        shift = run % len(everything)
        for module in everything[shift:] + everything[:shift]:
            samples[module].append(import_seconds(module, env))
    return ColdStarts(runs=runs, seconds=samples)


def bytecode_env(cache: str, written: bool) -> dict[str, str]:
    """The import environment with its bytecode in `cache`: written by the first import of each module and
    read by the next, or never written (every import compiles, as from a deploy without bytecode)."""
    env = import_env()
    env["PYTHONPYCACHEPREFIX"] = cache
    if written:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def measure(modules: list[str], runs: int) -> ColdStarts:
    """Each module imported with the bytecode of everything it imports already written."""
    with tempfile.TemporaryDirectory(prefix="bench-pyc-") as cache:
        env = bytecode_env(cache, written=True)
        for module in [BASELINE, *modules]:
            import_seconds(module, env)  # discarded: writes the .pyc files, so no run pays for compiling
        return _interleaved(modules, runs, env)


def without_bytecode(modules: list[str], runs: int) -> ColdStarts:
    """Each module imported as from a deploy without bytecode: every module compiled at each import."""
    with tempfile.TemporaryDirectory(prefix="bench-no-pyc-") as empty:
        return _interleaved(modules, runs, bytecode_env(empty, written=False))
