"""Debian's Chromium, headless, as the browser tests and the bench drive it through Playwright.

Playwright's own browser download cannot work on these machines, so the system package is used; without
the background-networking flags Chromium keeps calling home, and this network refuses it."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MISSING = (
    "Debian's chromium is not installed: `make test` and `make bench` install it (apt-get install chromium)"
)


def launch(playwright: Playwright) -> Browser:
    executable = shutil.which("chromium")
    if executable is None:
        raise RuntimeError(MISSING)
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
