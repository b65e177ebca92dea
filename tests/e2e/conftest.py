from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 90


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Running:
    def __init__(self, process: subprocess.Popen[str], outputs: dict[str, Any], log: Path) -> None:
        self.process, self.outputs, self.log = process, outputs, log

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return int(self.process.returncode)


def start_local_system(out_dir: Path) -> Running:
    """`make run`'s process, on free ports, with its outputs in `out_dir`."""
    log = out_dir / "runner.log"
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("AWS_", "POWERTOOLS_")) and not k.endswith("_TABLE")
    }
    env.update(
        PORT=str(free_port()),
        AWS_EMULATOR_PORT=str(free_port()),
        PHANANH_LOCAL_DIR=str(out_dir),
        SWEEP_SECONDS="2",
        PYTHONUNBUFFERED="1",
    )
    with log.open("w") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "infra.local"],
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            text=True,
        )
    outputs_file = out_dir / "outputs.json"
    deadline = time.monotonic() + START_TIMEOUT_S
    while not outputs_file.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"local runner did not start:\n{log.read_text()}")
        time.sleep(0.2)
    return Running(process, json.loads(outputs_file.read_text()), log)


@pytest.fixture(scope="session")
def local_system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    """`make run`'s process, on free ports, with its outputs in a temporary folder."""
    running = start_local_system(tmp_path_factory.mktemp("local"))
    yield running
    running.stop()
