"""The bench times each cold import with its bytecode written, as the deployed code ships it, whatever the
machine's `PYTHONDONTWRITEBYTECODE` says; its "without bytecode" figures compile every module each time."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.cold_start import bytecode_env, import_seconds

MODULE = "shared.cold_init"


def _cached(cache: Path) -> list[Path]:
    return list(cache.rglob("cold_init.*.pyc"))


def test_the_timed_imports_find_the_bytecode_the_first_one_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")  # as on a machine that sets it

    import_seconds(MODULE, bytecode_env(str(tmp_path), written=True))

    assert _cached(tmp_path)


def test_without_bytecode_nothing_is_written_for_the_next_import(tmp_path: Path) -> None:
    import_seconds(MODULE, bytecode_env(str(tmp_path), written=False))

    assert not _cached(tmp_path)
