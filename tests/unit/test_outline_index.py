"""The routing worker's area lookup (plain Python) gives shapely's answer: on the seeded outlines, at
points scattered over the province and at points a hair inside and outside every edge."""

from __future__ import annotations

import random
from itertools import pairwise

import pytest
import shapely
from shapely.geometry import Point, shape

from infra.seed import read_seed
from services.routing.dal.outline_index import OutlineIndex
from shared.models import Area

NEAR_M = (1e-7, 1e-5, 1e-4)  # degrees off an edge: about 1 cm, 1 m and 10 m


def shapely_area_at(areas: list[Area], lat: float, lon: float) -> str | None:
    geometries = [shape(a.geometry) for a in areas]
    hits = [a.code for a, g in zip(areas, geometries, strict=True) if g.intersects(Point(lon, lat))]
    return hits[0] if hits else None


def near_edges(area: Area) -> list[tuple[float, float]]:
    """(lat, lon) just off the middle of every edge, on both sides, and every vertex itself."""
    points = []
    for ring in shapely.get_rings(shape(area.geometry)):
        coordinates = list(ring.coords)
        for (ax, ay), (bx, by) in pairwise(coordinates):
            mx, my = (ax + bx) / 2, (ay + by) / 2
            length = max(((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5, 1e-12)
            nx, ny = -(by - ay) / length, (bx - ax) / length  # unit normal
            points += [(my + side * d * ny, mx + side * d * nx) for d in NEAR_M for side in (1, -1)]
            points.append((ay, ax))
    return points


def test_points_near_every_seeded_edge_land_where_shapely_puts_them() -> None:
    areas = read_seed().areas
    index = OutlineIndex(areas)
    points = [p for area in areas for p in near_edges(area)]
    assert len(points) > 100
    mismatches = [
        (lat, lon) for lat, lon in points if index.area_at(lat, lon) != shapely_area_at(areas, lat, lon)
    ]
    assert mismatches == []


def test_points_scattered_over_the_province_land_where_shapely_puts_them() -> None:
    areas = read_seed().areas
    index = OutlineIndex(areas)
    box = shapely.total_bounds([shape(a.geometry) for a in areas])
    chance = random.Random(16)
    points = [
        (chance.uniform(box[1] - 0.01, box[3] + 0.01), chance.uniform(box[0] - 0.01, box[2] + 0.01))
        for _ in range(2000)
    ]
    found = {index.area_at(lat, lon) for lat, lon in points}
    assert len(found) > 2  # the points do fall in several areas, and outside
    assert [index.area_at(lat, lon) for lat, lon in points] == [
        shapely_area_at(areas, lat, lon) for lat, lon in points
    ]


@pytest.mark.parametrize(
    ("lat", "lon", "expected"),
    [
        (0.5, 0.5, None),
        (0.1, 0.1, "donut"),
        (0.25, 0.5, "donut"),
        (0.5, 0.25, "donut"),
        (1.5, 1.5, "island"),
        (3, 3, None),
    ],
)
def test_holes_and_multipolygons_are_honoured(lat: float, lon: float, expected: str | None) -> None:
    donut = Area(
        code="donut",
        name="Donut",
        kind="xa",
        geometry={
            "type": "Polygon",
            "coordinates": [
                [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]],
                [[0.25, 0.25], [0.75, 0.25], [0.75, 0.75], [0.25, 0.75], [0.25, 0.25]],
            ],
        },
    )
    island = Area(
        code="island",
        name="Island",
        kind="xa",
        geometry={
            "type": "MultiPolygon",
            "coordinates": [[[[5, 5], [6, 5], [6, 6], [5, 5]]], [[[1, 1], [2, 1], [2, 2], [1, 2], [1, 1]]]],
        },
    )
    areas = [donut, island]
    assert OutlineIndex(areas).area_at(lat, lon) == expected == shapely_area_at(areas, lat, lon)
