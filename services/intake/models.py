"""The intake API's input and output models (they are also its OpenAPI schema)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from shared.models import Channel, Reporter, Status

# Vietnam's bounding box, islands included (Hoàng Sa, Trường Sa).
VN_LAT = (7.5, 23.5)
VN_LON = (102.0, 118.0)


class LocationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lat: float = Field(ge=VN_LAT[0], le=VN_LAT[1], description="Latitude (WGS84), inside Vietnam")
    lon: float = Field(ge=VN_LON[0], le=VN_LON[1], description="Longitude (WGS84), inside Vietnam")
    address: str | None = Field(default=None, max_length=300)


class SubmitReport(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    description: str = Field(min_length=10, max_length=4000)
    category: str | None = Field(default=None, max_length=40, pattern=r"^[a-z0-9_]+$")
    location: LocationIn
    channel: Channel = Channel.WEB
    reporter: Reporter = Field(default_factory=Reporter)


class Submitted(BaseModel):
    id: str = Field(description="Tracking code, readable over the phone")
    status: Status
    created_at: datetime


class PublicLocation(BaseModel):
    lat: float
    lon: float
    address: str | None = None


class TimelineStep(BaseModel):
    at: datetime
    type: str
    status: Status


class PublicReport(BaseModel):
    """What anyone may see: never the reporter's identity or contact details."""

    id: str
    created_at: datetime
    updated_at: datetime
    status: Status
    channel: Channel
    category: str | None
    description: str
    location: PublicLocation
    agency_id: str | None
    answer_due_at: datetime | None
    answer: str | None
    timeline: list[TimelineStep]
