"""The local run's log: workers print from their own threads, and each event stays one whole line."""

from __future__ import annotations

import threading

import pytest

from infra.local.runner import say


def test_lines_from_many_threads_never_run_together(capsys: pytest.CaptureFixture[str]) -> None:
    def worker(name: str) -> None:
        for i in range(300):
            say(f"[{name}] event {i} ✓")

    threads = [threading.Thread(target=worker, args=(f"queue-{n}",)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 8 * 300
    assert all(line.startswith("[queue-") and line.count("[") == 1 and line.endswith("✓") for line in lines)
