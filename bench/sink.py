"""Where handler output goes while figures are taken: nowhere, yet still written.

Powertools' Logger binds the stdout of the moment it is built (at module import) and Metrics prints to
the stdout of the moment it flushes. Both run under `quiet()`, so logs and EMF blobs are serialised and
written, as in Lambda, but to /dev/null instead of between the bench's tables.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from typing import TextIO

_devnull: TextIO | None = None


def devnull() -> TextIO:
    global _devnull
    if _devnull is None:
        _devnull = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    return _devnull


@contextmanager
def quiet() -> Iterator[None]:
    with redirect_stdout(devnull()):
        yield
