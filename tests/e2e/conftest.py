from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from infra.local import launch
from infra.local.launch import ROOT, START_TIMEOUT_S, LocalRun, free_port

__all__ = ["ROOT", "START_TIMEOUT_S", "Running", "free_port", "start_local_system"]

# The runner as tests see it; `start_local_system` turns a failed start into a test failure with its log.
Running = LocalRun


def start_local_system(out_dir: Path) -> Running:
    """`make run`'s process, on free ports, with its outputs in `out_dir`."""
    try:
        return launch.start(out_dir, SWEEP_SECONDS="2")
    except RuntimeError as error:
        pytest.fail(str(error))


@pytest.fixture(scope="session")
def local_system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    """`make run`'s process, on free ports, with its outputs in a temporary folder."""
    running = start_local_system(tmp_path_factory.mktemp("local"))
    yield running
    running.stop()
