"""Stopping `make run`: Ctrl-C or SIGTERM, once or twice, even when a script started it in the background,
ends it cleanly with exit status 0 and its ports free. And a taken emulator port is said, not hidden."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import ROOT, START_TIMEOUT_S, free_port

pytestmark = pytest.mark.e2e


def runner_env(out_dir: Path, aws_port: int | None = None) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("AWS_", "POWERTOOLS_")) and not k.endswith("_TABLE")
    }
    env.update(
        PORT=str(free_port()),
        AWS_EMULATOR_PORT=str(aws_port or free_port()),
        PHANANH_LOCAL_DIR=str(out_dir),
        PYTHONUNBUFFERED="1",
    )
    return env


def started_in_the_background(out_dir: Path) -> tuple[subprocess.Popen[str], int, Path]:
    """A shell script that backgrounds the runner and waits for it (as CI scripts and process managers
    do): the runner inherits SIGINT ignored. Returns the script, the runner's pid and its log."""
    log = out_dir / "runner.log"
    script = f'{sys.executable} -m infra.local > "{log}" 2>&1 &\necho $!\nwait $!\necho "exit=$?"\n'
    shell = subprocess.Popen(  # noqa: S603 - our own fixed script
        ["/bin/sh", "-c", script], cwd=ROOT, env=runner_env(out_dir), stdout=subprocess.PIPE, text=True
    )
    assert shell.stdout is not None
    pid = int(shell.stdout.readline())
    deadline = time.monotonic() + START_TIMEOUT_S
    while not (out_dir / "outputs.json").exists():
        assert time.monotonic() < deadline and shell.poll() is None, log.read_text()
        time.sleep(0.2)
    return shell, pid, log


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


@pytest.mark.parametrize(
    "signals",
    [(signal.SIGINT,), (signal.SIGTERM,), (signal.SIGINT, signal.SIGINT)],
    ids=["ctrl-c", "sigterm", "ctrl-c-twice"],
)
def test_a_signal_stops_it_cleanly_once(tmp_path: Path, signals: tuple[signal.Signals, ...]) -> None:
    shell, pid, log = started_in_the_background(tmp_path)
    outputs = (tmp_path / "outputs.json").read_text()
    ports = [int(url.rsplit(":", 1)[1].split("/")[0]) for url in _urls(outputs)]
    for number in signals:
        os.kill(pid, number)
        time.sleep(0.2)
    out, _ = shell.communicate(timeout=30)
    text = log.read_text()
    assert out.strip().endswith("exit=0"), text
    assert "Traceback" not in text and "KeyboardInterrupt" not in text, text
    assert text.count("Stopped.") == 1, text
    assert all(_port_free(port) for port in ports), ports


def _urls(outputs_json: str) -> list[str]:
    import json

    outputs = json.loads(outputs_json)
    return [outputs["api_url"], outputs["aws_endpoint_url"]]


def test_a_taken_emulator_port_that_was_asked_for_is_said(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = int(taken.getsockname()[1])
        run = subprocess.run(
            [sys.executable, "-m", "infra.local"],
            cwd=ROOT,
            env=runner_env(tmp_path, aws_port=port),
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT_S,
        )
    assert run.returncode == 1
    assert f"AWS_EMULATOR_PORT={port} is in use" in run.stdout, run.stdout + run.stderr
    assert "Traceback" not in run.stdout + run.stderr
