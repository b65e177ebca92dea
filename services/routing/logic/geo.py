"""An admin's outline checked by shapely before it is stored.

Routing never imports this module (shapely and numpy cost a cold start ~0.15 s): it finds the area with
`dal/outline_index.py` over outlines this check has already let in.
"""

from __future__ import annotations

import shapely
from shapely.geometry import shape

from shared.errors import InvalidInput

MAX_VERTICES = 5_000  # a simplified commune outline needs a few hundred at most


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
