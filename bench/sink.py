"""Where handler output goes while figures are taken: nowhere, yet still written.

Powertools' Logger binds the stdout of the moment it is built (at module import) and Metrics prints to
the stdout of the moment it flushes. Both run under `quiet()`, so logs and EMF blobs are serialised and
written, as in Lambda, but to /dev/null instead of between the bench's tables.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from typing import TextIO


class CountingSink(io.TextIOWrapper):
    """/dev/null that keeps count of the UTF-8 bytes written: what CloudWatch Logs would ingest."""

    written = 0

    def write(self, text: str) -> int:
        CountingSink.written += len(text.encode("utf-8", errors="replace"))
        return super().write(text)


_devnull: TextIO | None = None


def devnull() -> TextIO:
    global _devnull
    if _devnull is None:
        # Lives as long as the process.
        _devnull = CountingSink(open(os.devnull, "wb"), encoding="utf-8")  # noqa: SIM115
    return _devnull


def bytes_written() -> int:
    return CountingSink.written


@contextmanager
def quiet() -> Iterator[None]:
    with redirect_stdout(devnull()):
        yield
