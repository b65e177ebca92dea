"""Candidates for duplicate hints from the sparse `nearby` index: one query per geohash cell around."""

from __future__ import annotations

from datetime import datetime

import pygeohash

from shared.models import Report
from shared.ports import ReportStore
from shared.repository import GEOHASH_PRECISION, geo_cell


def cells_around(lat: float, lon: float) -> list[str]:
    """The point's geohash cell and its 8 neighbours: every point within ~150 m is in one of them."""
    centre = pygeohash.encode(lat, lon, GEOHASH_PRECISION)
    north, south = pygeohash.get_adjacent(centre, "top"), pygeohash.get_adjacent(centre, "bottom")
    cells = [centre, north, south]
    for cell in (centre, north, south):
        cells += [pygeohash.get_adjacent(cell, "right"), pygeohash.get_adjacent(cell, "left")]
    return list(dict.fromkeys(cells))


class NearbyIndex:
    def __init__(self, reports: ReportStore) -> None:
        self.reports = reports

    def around(self, category: str, lat: float, lon: float, since: datetime) -> list[Report]:
        return self.reports.nearby([geo_cell(category, cell) for cell in cells_around(lat, lon)], since)
