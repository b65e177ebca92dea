"""Start `make run`'s process from another program (tests, the bench): on free ports, its outputs in a
folder of the caller's, stopped with Ctrl-C as a person would."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 90
STOP_TIMEOUT_S = 60  # a stop writes the data it keeps (.local/snapshot/): seconds after a load test


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class LocalRun:
    def __init__(self, process: subprocess.Popen[str], outputs: dict[str, Any], log: Path) -> None:
        self.process, self.outputs, self.log = process, outputs, log

    def stop(self) -> int:
        """Ctrl-C, then a kill if it has not stopped in time; the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return int(self.process.returncode)


def start(out_dir: Path, **settings: str) -> LocalRun:
    """The runner on free ports with `settings` in its environment; RuntimeError with its log if it does
    not write its outputs in time. The caller's AWS and Powertools variables are not passed on: the runner
    sets its own, as on a fresh shell."""
    log = out_dir / "runner.log"
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("AWS_", "POWERTOOLS_")) and not k.endswith("_TABLE")
    }
    env.update(
        PORT=str(free_port()), AWS_EMULATOR_PORT=str(free_port()), PHANANH_LOCAL_DIR=str(out_dir), **settings
    )
    env.setdefault("PYTHONUNBUFFERED", "1")
    outputs_file = out_dir / "outputs.json"
    outputs_file.unlink(missing_ok=True)  # a folder used before: wait for this run's, not read the last one's
    with log.open("w") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "infra.local"],
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            text=True,
        )
    deadline = time.monotonic() + START_TIMEOUT_S
    while not outputs_file.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            process.wait()
            raise RuntimeError(f"local runner did not start:\n{log.read_text()}")
        time.sleep(0.2)
    return LocalRun(process, json.loads(outputs_file.read_text()), log)
