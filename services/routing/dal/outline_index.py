"""The commune/ward whose outline holds a point, in plain Python over the stored GeoJSON.

Hand-written rather than shapely's STRtree because routing only ever asks "which outline holds this
point" of a few dozen outlines: a bounding-box check and an even-odd ray cast answer that in well under a
millisecond, while importing shapely and numpy costs every cold start ~0.15 s. Shapely still checks an
admin's outline when it is saved (logic/geo.py), so what is stored is valid and this index needs to
handle only valid Polygons and MultiPolygons. A point on an edge counts as inside, as shapely's
`intersects` has it; tests/unit/test_outline_index.py pins the answers to shapely's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from shared.models import Area

Ring = list[tuple[float, float]]  # (x = longitude, y = latitude), closed: first == last


@dataclass(frozen=True)
class _Polygon:
    shell: Ring
    holes: list[Ring]
    box: tuple[float, float, float, float]  # min x, min y, max x, max y


def _ring(coordinates: Sequence[Sequence[float]]) -> Ring:
    ring = [(float(p[0]), float(p[1])) for p in coordinates]
    return ring if ring[0] == ring[-1] else [*ring, ring[0]]


def _polygon(rings: Sequence[Any]) -> _Polygon:
    shell = _ring(rings[0])
    xs, ys = [p[0] for p in shell], [p[1] for p in shell]
    return _Polygon(shell, [_ring(r) for r in rings[1:]], (min(xs), min(ys), max(xs), max(ys)))


def _polygons(geometry: dict[str, Any]) -> list[_Polygon]:
    if geometry["type"] == "Polygon":
        return [_polygon(geometry["coordinates"])]
    return [_polygon(rings) for rings in geometry["coordinates"]]  # MultiPolygon


def _on_segment(x: float, y: float, a: tuple[float, float], b: tuple[float, float]) -> bool:
    (ax, ay), (bx, by) = a, b
    if (bx - ax) * (y - ay) != (by - ay) * (x - ax):
        return False
    return min(ax, bx) <= x <= max(ax, bx) and min(ay, by) <= y <= max(ay, by)


def _where(x: float, y: float, ring: Ring) -> int:
    """1 inside, 0 on the boundary, -1 outside (even-odd rule)."""
    inside = False
    for a, b in pairwise(ring):
        if _on_segment(x, y, a, b):
            return 0
        (ax, ay), (bx, by) = a, b
        if (ay > y) != (by > y) and x < ax + (y - ay) * (bx - ax) / (by - ay):
            inside = not inside
    return 1 if inside else -1


def _holds(polygon: _Polygon, x: float, y: float) -> bool:
    min_x, min_y, max_x, max_y = polygon.box
    if not (min_x <= x <= max_x and min_y <= y <= max_y) or _where(x, y, polygon.shell) < 0:
        return False
    return all(_where(x, y, hole) <= 0 for hole in polygon.holes)  # a hole's edge belongs to the area


class OutlineIndex:
    def __init__(self, areas: list[Area]) -> None:
        self._areas = [(area.code, _polygons(area.geometry)) for area in areas]

    def area_at(self, lat: float, lon: float) -> str | None:
        """The first area (in the directory's order) holding the point, as the STRtree query gave."""
        for code, polygons in self._areas:
            if any(_holds(p, lon, lat) for p in polygons):
                return code
        return None
