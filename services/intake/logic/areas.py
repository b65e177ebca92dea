"""The communes and wards of the directory as one GeoJSON FeatureCollection: the web map's base layer.

Geometries go out as the directory stores them (admins' outlines are checked on the way in: a Polygon or
MultiPolygon of bounded size), in a stable order, so the answer is cacheable.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.ports import DirectoryReader

Position = Annotated[list[float], Field(min_length=2, max_length=3, description="[lon, lat] (WGS84)")]
Ring = list[Position]
# `defer_build`: built by the first request for the map's outlines, not by every import of the citizen API
# (docs/decisions.md, cold).


class Polygon(BaseModel):
    model_config = ConfigDict(defer_build=True)

    type: Literal["Polygon"]
    coordinates: list[Ring]


class MultiPolygon(BaseModel):
    model_config = ConfigDict(defer_build=True)

    type: Literal["MultiPolygon"]
    coordinates: list[list[Ring]]


class AreaProperties(BaseModel):
    model_config = ConfigDict(defer_build=True)

    code: str
    name: str
    kind: str = Field(description="ward (phường), commune (xã) or special zone (đặc khu)")


class AreaFeature(BaseModel):
    model_config = ConfigDict(defer_build=True)

    type: Literal["Feature"] = "Feature"
    id: str
    properties: AreaProperties
    geometry: Annotated[Polygon | MultiPolygon, Field(discriminator="type")]


class AreaCollection(BaseModel):
    model_config = ConfigDict(defer_build=True)

    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[AreaFeature]


def area_outlines(directory: DirectoryReader) -> AreaCollection:
    return AreaCollection(
        features=[
            AreaFeature.model_validate(
                {
                    "id": area.code,
                    "properties": {"code": area.code, "name": area.name, "kind": area.kind},
                    "geometry": area.geometry,
                }
            )
            for area in sorted(directory.areas(), key=lambda a: a.code)
        ]
    )
