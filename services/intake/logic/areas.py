"""The communes and wards of the directory as one GeoJSON FeatureCollection: the web map's base layer.

Geometries go out as the directory stores them (admins' outlines are checked on the way in: a Polygon or
MultiPolygon of bounded size), in a stable order, so the answer is cacheable.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from shared.ports import DirectoryReader

Position = Annotated[list[float], Field(min_length=2, max_length=3, description="[lon, lat] (WGS84)")]
Ring = list[Position]


class Polygon(BaseModel):
    type: Literal["Polygon"]
    coordinates: list[Ring]


class MultiPolygon(BaseModel):
    type: Literal["MultiPolygon"]
    coordinates: list[list[Ring]]


class AreaProperties(BaseModel):
    code: str
    name: str
    kind: str = Field(description="ward (phường), commune (xã) or special zone (đặc khu)")


class AreaFeature(BaseModel):
    type: Literal["Feature"] = "Feature"
    id: str
    properties: AreaProperties
    geometry: Annotated[Polygon | MultiPolygon, Field(discriminator="type")]


class AreaCollection(BaseModel):
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
