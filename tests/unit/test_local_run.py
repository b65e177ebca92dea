"""Operators' commands find the local run by themselves, and say so plainly when there is none."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from shared.local_run import NoLocalRun, use_local_run


def test_an_environment_that_names_the_system_is_left_alone(tmp_path: Path) -> None:
    env = {"PHANANH_LOCAL_DIR": str(tmp_path), "REPORTS_TABLE": "prod-reports"}
    assert use_local_run(env) is False
    assert env == {"PHANANH_LOCAL_DIR": str(tmp_path), "REPORTS_TABLE": "prod-reports"}


def test_no_local_run_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    with pytest.raises(NoLocalRun, match=r"No local run found .*make run"):
        use_local_run({"PHANANH_LOCAL_DIR": str(tmp_path)})


def test_a_stopped_local_run_is_said(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again below: nothing answers there
    outputs = {"aws_endpoint_url": f"http://127.0.0.1:{port}", "region": "ap-southeast-1", "environment": {}}
    (tmp_path / "outputs.json").write_text(json.dumps(outputs))
    with pytest.raises(NoLocalRun, match="is not running"):
        use_local_run({"PHANANH_LOCAL_DIR": str(tmp_path)})


def test_a_running_local_run_gives_its_environment(tmp_path: Path) -> None:
    with socket.socket() as emulator:
        emulator.bind(("127.0.0.1", 0))
        emulator.listen()
        endpoint = f"http://127.0.0.1:{emulator.getsockname()[1]}"
        outputs = {
            "aws_endpoint_url": endpoint,
            "region": "ap-southeast-1",
            "environment": {"REPORTS_TABLE": "phananh-local-reports", "STATS_TABLE": "phananh-local-stats"},
        }
        (tmp_path / "outputs.json").write_text(json.dumps(outputs))
        env = {"PHANANH_LOCAL_DIR": str(tmp_path)}
        assert use_local_run(env) is True
    assert env["AWS_ENDPOINT_URL"] == endpoint and env["REPORTS_TABLE"] == "phananh-local-reports"
    assert env["AWS_REGION"] == "ap-southeast-1" and env["AWS_ACCESS_KEY_ID"] == "testing"
