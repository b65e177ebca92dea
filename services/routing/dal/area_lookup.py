"""The commune/ward at a point: the directory's outlines indexed once per process (an `AreaFinder`).

Rebuilt after the directory cache's lifetime, so an admin's new outline reaches the worker as a new rule does.
"""

from __future__ import annotations

import time

from services.routing.dal.outline_index import OutlineIndex
from shared.directory import CACHE_SECONDS, DirectoryRepository

# table name → (index, when it was built): one per directory table, shared by every lookup of the process.
_cache: dict[str, tuple[OutlineIndex, float]] = {}


class AreaLookup:
    def __init__(self, directory: DirectoryRepository) -> None:
        self.directory = directory

    def index(self) -> OutlineIndex:
        cached = _cache.get(self.directory.table_name)
        if cached is None or time.monotonic() - cached[1] > CACHE_SECONDS:
            cached = _cache[self.directory.table_name] = (
                OutlineIndex(self.directory.areas()),
                time.monotonic(),
            )
        return cached[0]

    def area_at(self, lat: float, lon: float) -> str | None:
        return self.index().area_at(lat, lon)


def reset() -> None:
    _cache.clear()
