"""The local run refuses a snapshot written by an older version instead of starting empty and overwriting it
at the next stop (reports kept without their statistics basis would be counted twice)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from infra.local import snapshot
from infra.local.kept_data import FOLDER, KeptData


def kept(tmp_path: Path, fmt: int) -> Path:
    folder = tmp_path / FOLDER
    folder.mkdir()
    (folder / "snapshot.json").write_text(json.dumps({"format": fmt, "counts": {}}), encoding="utf-8")
    return folder


def test_an_older_snapshot_stops_the_start_and_is_left_as_it_is(tmp_path: Path) -> None:
    folder = kept(tmp_path, snapshot.FORMAT - 1)
    said: list[str] = []
    with pytest.raises(SystemExit, match="FRESH=1") as stopped:
        KeptData(tmp_path, fresh=False, log=said.append).on_start(None, None, "")  # type: ignore[arg-type]
    assert "older version" in str(stopped.value)
    assert json.loads((folder / "snapshot.json").read_text(encoding="utf-8"))["format"] == snapshot.FORMAT - 1


def test_fresh_removes_an_older_snapshot(tmp_path: Path) -> None:
    folder = kept(tmp_path, snapshot.FORMAT - 1)
    said: list[Any] = []
    KeptData(tmp_path, fresh=True, log=said.append).on_start(None, None, "")  # type: ignore[arg-type]
    assert not folder.exists()
    assert any("FRESH=1" in line for line in said)


def test_no_snapshot_starts_from_the_demo_province(tmp_path: Path) -> None:
    said: list[str] = []
    KeptData(tmp_path, fresh=False, log=said.append).on_start(None, None, "")  # type: ignore[arg-type]
    assert said == ["    nothing kept from an earlier run: starting from the demo province"]
