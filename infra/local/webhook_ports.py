"""The loopback ports the local run's webhooks may reach: only the receivers it started itself (the demo
agency receiver, the fake chat platforms), never its own API, the emulator or another program on this
machine (`shared/ssrf_guard.py` reads them from LOCAL_WEBHOOK_PORTS)."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from shared.config import get_settings
from shared.ssrf_guard import port_list

SETTING = "LOCAL_WEBHOOK_PORTS"


def allow_local_webhooks_to(*urls: str) -> None:
    """Adds the ports of `urls` (receivers this run started) to what local webhooks may reach."""
    ports = set(port_list(os.environ.get(SETTING, ""))) | {urlsplit(u).port or 0 for u in urls}
    os.environ[SETTING] = ",".join(str(p) for p in sorted(ports) if p)
    get_settings.cache_clear()  # the handlers read settings once; these came after the first read
