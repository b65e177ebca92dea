"""The agencies' webhook endpoints as the notify worker looks them up: once a minute per agency and container.

Each agency notice starts a delivery per enabled endpoint of the agency, and asking the table every time
was one Query per notice. The cache is safe for that lookup only: an attempt reads its endpoint afresh
(`Endpoints.get`, consistent) before posting, so a disabled endpoint or a rotated secret counts at once; an
endpoint registered or removed is seen by new notices within `CACHE_SECONDS`, as a change to the directory
is (shared/directory.py). The admin API reads and writes through the uncached `Endpoints`.
"""

from __future__ import annotations

import time

from services.notify.dal.webhook_endpoints_table import Endpoints
from services.notify.models import Endpoint
from shared.directory import CACHE_SECONDS


class CachedAgencyEndpoints(Endpoints):
    def __init__(self, table_name: str | None = None) -> None:
        super().__init__(table_name)
        self._cache: dict[str, tuple[float, list[Endpoint]]] = {}

    def of_agency(self, agency_id: str) -> list[Endpoint]:
        now = time.monotonic()
        hit = self._cache.get(agency_id)
        if hit and now - hit[0] < CACHE_SECONDS:
            return list(hit[1])
        found = super().of_agency(agency_id)
        self._cache[agency_id] = (now, found)
        return list(found)

    def clear_cache(self) -> None:
        self._cache.clear()
