"""Candidates for duplicate hints from the sparse `nearby` index: one query per geohash cell the square
around the point touches (one most often, at most four)."""

from __future__ import annotations

import math
from datetime import datetime

import pygeohash

from shared.models import Report
from shared.ports import ReportStore
from shared.repository import GEOHASH_PRECISION, geo_cell

REACH_M = 110.0  # the hint's 100 m radius (logic/duplicates.py) and a margin
METRES_PER_DEGREE = 111_320.0


def cells_around(lat: float, lon: float) -> list[str]:
    """The cells the square of side 2 × REACH_M centred on the point touches: its four corners' cells,
    since a cell is larger than the square both ways, every point within REACH_M is in one of them."""
    dlat = REACH_M / METRES_PER_DEGREE
    dlon = REACH_M / (METRES_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
    corners = [(lat + sy * dlat, lon + sx * dlon) for sy in (1, -1) for sx in (1, -1)]
    return list(dict.fromkeys(pygeohash.encode(y, x, GEOHASH_PRECISION) for y, x in [(lat, lon), *corners]))


class NearbyIndex:
    def __init__(self, reports: ReportStore) -> None:
        self.reports = reports

    def around(self, category: str, lat: float, lon: float, since: datetime) -> list[Report]:
        return self.reports.nearby([geo_cell(category, cell) for cell in cells_around(lat, lon)], since)

    def for_one_event(self) -> OneEventNearby:
        return OneEventNearby(self)


class OneEventNearby:
    """The index as one event's routing reads it: each neighbourhood queried once (routing finds the report
    in it, then the duplicate hints ask from a later moment: a filter on the same read). Never kept beyond
    the event: a redelivery reads afresh."""

    def __init__(self, index: NearbyIndex) -> None:
        self.index = index
        self.read: dict[tuple[str, float, float], tuple[datetime, list[Report]]] = {}

    def around(self, category: str, lat: float, lon: float, since: datetime) -> list[Report]:
        known = self.read.get((category, lat, lon))
        if known is None or since < known[0]:
            known = (since, self.index.around(category, lat, lon, since))
            self.read[(category, lat, lon)] = known
        return [report for report in known[1] if report.created_at >= since]
