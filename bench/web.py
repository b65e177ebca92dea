"""The web app's weight and speed on a phone: what the first page costs gzipped, and how long a throttled
mid-range phone on a slow mobile network waits from navigation to a report form it can fill in.

Figures only. The timing runs the real local runner (as `make run`) and Debian's Chromium throttled through
the DevTools protocol: network like Lighthouse's mobile profile, CPU slowed 4×.
"""

from __future__ import annotations

import gzip
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.stats import median
from bench.table import render
from infra.local import chromium, launch

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "web" / "dist"
GOAL_KB = 150.0
RUNS = 3
# Lighthouse's mobile ("slow 4G") network and its 4× CPU slowdown of a desktop-class machine.
NETWORK = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1_638_400 / 8,
    "uploadThroughput": 750_000 / 8,
}
CPU_RATE = 4


@dataclass
class Weight:
    files: list[tuple[str, int, int]] = field(default_factory=list)  # name, raw bytes, gzipped bytes

    @property
    def gzipped(self) -> int:
        return sum(g for _, _, g in self.files)


def first_page_weight(dist: Path = DIST) -> Weight:
    """The scripts and styles index.html loads before anything else (lazy chunks excluded)."""
    html = (dist / "index.html").read_text()
    names = re.findall(r'(?:src|href)="(/assets/[^"]+\.(?:js|css))"', html)
    weight = Weight()
    for name in dict.fromkeys(names):
        data = (dist / name.lstrip("/")).read_bytes()
        weight.files.append((name.removeprefix("/assets/"), len(data), len(gzip.compress(data, 9))))
    return weight


def lazy_chunks(dist: Path = DIST) -> list[tuple[str, int, int]]:
    first = {name for name, _, _ in first_page_weight(dist).files}
    chunks = []
    for path in sorted((dist / "assets").glob("*.js")) + sorted((dist / "assets").glob("*.css")):
        if path.name not in first:
            data = path.read_bytes()
            chunks.append((path.name, len(data), len(gzip.compress(data, 9))))
    return chunks


def kb(count: int) -> str:
    return f"{count / 1024:.1f}"


def weight_table(weight: Weight, chunks: list[tuple[str, int, int]]) -> str:
    rows = [[name, kb(raw), kb(packed)] for name, raw, packed in weight.files]
    rows.append(["first page, total", kb(sum(r for _, r, _ in weight.files)), kb(weight.gzipped)])
    # The home page shows its map at once, so Leaflet's chunks load right after the first page.
    maps = [c for c in chunks if c[0].startswith(("leaflet", "rolldown-runtime"))]
    home = weight.gzipped + sum(packed for _, _, packed in maps)
    rows.append(["home page with its map (+ Leaflet chunks)", "", kb(home)])
    rows += [[f"(lazy) {name}", kb(raw), kb(packed)] for name, raw, packed in chunks]
    verdict = "within" if weight.gzipped / 1024 <= GOAL_KB else "OVER"
    return (
        render(["file", "KB", "KB gzip"], rows)
        + f"\n  first page {kb(weight.gzipped)} KB gzipped: {verdict} the {GOAL_KB:.0f} KB goal"
    )


@contextmanager
def local_runner() -> Iterator[str]:
    """`make run`'s process on free ports with its outputs in a temporary folder; yields the web URL."""
    with tempfile.TemporaryDirectory() as out_dir:
        run = launch.start(Path(out_dir))
        try:
            yield str(run.outputs["web_url"])
        finally:
            run.stop()


@dataclass
class Timing:
    cold_ms: list[float]
    warm_ms: list[float]
    transferred_kb: float


# Interactive: the categories are in the select and the submit button can be pressed.
READY = """() => {
  const select = document.getElementById('f-category');
  const submit = document.querySelector('form.report-form button[type=submit]');
  return select && select.options.length > 1 && submit && !submit.disabled;
}"""


def time_to_form(runs: int = RUNS) -> Timing:
    from playwright.sync_api import sync_playwright

    cold: list[float] = []
    warm: list[float] = []
    transferred = 0.0
    with local_runner() as web_url, sync_playwright() as driver:
        browser = chromium.launch(driver)
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 360, "height": 780}, service_workers="block")
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", NETWORK)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_RATE})
            sizes: list[int] = []
            cdp.on("Network.loadingFinished", _counter(sizes))
            for into in (cold, warm):  # the first visit with an empty cache, then a reload with it
                if into is warm:
                    sizes.clear()
                    page.reload(wait_until="commit")
                else:
                    page.goto(f"{web_url}new", wait_until="commit")
                page.wait_for_function(READY, timeout=120_000)
                into.append(float(page.evaluate("() => performance.now()")))
                if into is cold:
                    transferred = sum(sizes) / 1024
            context.close()
        browser.close()
    return Timing(cold, warm, transferred)


def _counter(sizes: list[int]) -> Callable[[dict[str, Any]], None]:
    return lambda event: sizes.append(int(event["encodedDataLength"]))


def timing_table(timing: Timing) -> str:
    rows = [
        ["first visit (empty cache)", f"{median(timing.cold_ms):.0f}", f"{min(timing.cold_ms):.0f}"],
        ["return visit (HTTP cache)", f"{median(timing.warm_ms):.0f}", f"{min(timing.warm_ms):.0f}"],
    ]
    return (
        render(["navigation → interactive report form", "median ms", "min ms"], rows)
        + f"\n  bytes over the wire on the first visit: {timing.transferred_kb:.0f} KB"
        + " (the local runner does not compress; CloudFront does)"
    )


def network_note() -> str:
    down = NETWORK["downloadThroughput"] * 8 / 1_000_000
    return (
        f"  throttled: {NETWORK['latency']} ms latency, {down:.1f} Mbit/s down, CPU ÷{CPU_RATE} "
        f"(Chromium DevTools protocol); {RUNS} runs, 360 px viewport, the real local runner"
    )
