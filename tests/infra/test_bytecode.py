"""The deployed code carries bytecode its runtime reads without a look at the sources: what Lambda cannot
write (read-only file systems), each cold start would otherwise compile. The host's interpreter stands in for
the runtime's here; the build uses `python<runtime version>` (infra/build/bytecode.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from infra.build import bytecode, layer
from infra.build.service_code import stage_service

CDK_ZIP_TIME = 315532800  # 1980-01-01: the timestamp CDK's asset zips give every file


def _import_value(root: Path) -> str:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(root)}
    env.pop("PYTHONPYCACHEPREFIX", None)
    done = subprocess.run(
        [sys.executable, "-c", "import pkg.mod; print(pkg.mod.X)"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_bytecode_is_read_whatever_the_timestamps_of_its_sources(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    source = package / "mod.py"
    source.write_text("X = 'compiled'\n")

    assert bytecode.compile_tree(tmp_path, sys.executable) == []
    # What the source says now is never read: the shipped bytecode is, even with the zip's timestamps.
    source.write_text("X = 'source read again'\n")
    os.utime(source, (CDK_ZIP_TIME, CDK_ZIP_TIME))

    assert _import_value(tmp_path) == "compiled"


def test_a_file_that_does_not_compile_is_named_and_the_others_compile(tmp_path: Path) -> None:
    (tmp_path / "good.py").write_text("X = 1\n")
    (tmp_path / "template.py").write_text("{% if x %}\n")

    failed = bytecode.compile_tree(tmp_path, sys.executable)

    assert [Path(name.strip("'\".")).name for name in failed] == ["template.py"]
    assert list((tmp_path / "__pycache__").glob("good.*.pyc"))


def _modules_without_bytecode(root: Path) -> list[Path]:
    tag = sys.implementation.cache_tag
    return [
        source
        for source in root.rglob("*.py")
        if not (source.parent / "__pycache__" / f"{source.stem}.{tag}.pyc").exists()
    ]


def test_a_service_asset_ships_the_bytecode_of_every_module(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bytecode, "runtime_interpreter", lambda: sys.executable)

    staged = stage_service("notify")

    assert list(staged.rglob("*.py"))
    assert _modules_without_bytecode(staged) == []


def test_without_the_runtimes_python_the_build_says_so_and_a_deploy_stops(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(bytecode, "runtime_interpreter", lambda: None)
    bytecode._say_missing.cache_clear()

    staged = stage_service("sla")

    assert not list(staged.rglob("*.pyc"))
    assert f"No {bytecode.RUNTIME_PYTHON} on this machine" in capsys.readouterr().err
    assert bytecode.main() == 2


def test_a_layer_bundled_without_bytecode_is_not_reused_once_it_can_be_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(layer, "runtime_interpreter", lambda: None)
    layer_source_only = layer.layer_fingerprint()
    monkeypatch.setattr(layer, "runtime_interpreter", lambda: sys.executable)

    assert layer.layer_fingerprint() != layer_source_only


def test_the_interpreter_named_by_runtime_python_is_taken_only_at_the_runtimes_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(bytecode.RUNTIME_PYTHON_ENV, sys.executable)
    monkeypatch.setattr(bytecode.shutil, "which", lambda name: None)
    host = f"{sys.version_info[0]}.{sys.version_info[1]}"

    monkeypatch.setattr(bytecode, "PYTHON_VERSION", host)
    assert bytecode.runtime_interpreter() == sys.executable

    monkeypatch.setattr(bytecode, "PYTHON_VERSION", "2.7")  # its bytecode would be ignored by the runtime
    assert bytecode.runtime_interpreter() is None


def test_a_runtime_python_that_does_not_exist_is_refused_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(bytecode.RUNTIME_PYTHON_ENV, str(tmp_path / "python3.14"))
    monkeypatch.setattr(bytecode.shutil, "which", lambda name: None)

    assert bytecode.runtime_interpreter() is None
