"""Where a report is: the commune/ward containing its point, distances, and admins' outlines checked.

Shapely does the geometry (prepared polygons in an STRtree); `dal/area_lookup.py` keeps one index per
process, so routing one report never reloads the directory's areas.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import shapely
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from shared.errors import InvalidInput
from shared.models import Area

EARTH_RADIUS_M = 6_371_000
MAX_VERTICES = 5_000  # a simplified commune outline needs a few hundred at most


@dataclass
class AreaIndex:
    codes: list[str]
    tree: shapely.STRtree
    geometries: list[BaseGeometry]

    @classmethod
    def build(cls, areas: list[Area]) -> AreaIndex:
        geometries = [shape(area.geometry) for area in areas]
        for geometry in geometries:
            shapely.prepare(geometry)
        return cls([a.code for a in areas], shapely.STRtree(geometries), geometries)

    def area_at(self, lat: float, lon: float) -> str | None:
        point = Point(lon, lat)  # GeoJSON order: x = longitude
        hits = sorted(int(i) for i in self.tree.query(point, predicate="intersects"))
        return self.codes[hits[0]] if hits else None


def checked_geometry(geometry: dict[str, object]) -> dict[str, object]:
    """An admin's GeoJSON: a valid Polygon/MultiPolygon of bounded size, else InvalidInput (422)."""
    try:
        parsed = shape(geometry)
    except (ValueError, TypeError, KeyError, AttributeError, shapely.errors.ShapelyError) as error:
        raise _bad_geometry(f"not GeoJSON: {error}"[:200]) from error
    if parsed.geom_type not in {"Polygon", "MultiPolygon"}:
        raise _bad_geometry("a Polygon or MultiPolygon is required")
    if shapely.get_num_coordinates(parsed) > MAX_VERTICES:
        raise _bad_geometry(f"at most {MAX_VERTICES} vertices")
    if not parsed.is_valid or parsed.is_empty:
        raise _bad_geometry(shapely.is_valid_reason(parsed))
    return geometry


def _bad_geometry(reason: str) -> InvalidInput:
    return InvalidInput(
        "Ranh giới địa bàn không hợp lệ.", "The area's outline is not valid.", fields={"geometry": reason}
    )


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))
