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
