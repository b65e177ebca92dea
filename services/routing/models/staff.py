"""The staff API's input and output models."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.models import Channel, ClientReporter, Location, Reporter, Status, Urgency
from shared.plain_text import PlainTextInput

# `defer_build` on every model here: each is built by the first request of a route that uses it, not at
# import; a cold start of the staff API serves one route (docs/decisions.md, cold).


class Me(BaseModel):
    model_config = ConfigDict(defer_build=True)

    username: str
    groups: list[str]
    agency_id: str | None


class AgencyChoice(BaseModel):
    """An agency as the console offers it to pick (assigning, filtering): no contact addresses."""

    model_config = ConfigDict(defer_build=True)

    id: str
    name: str
    kind: str


class AgencyChoices(BaseModel):
    model_config = ConfigDict(defer_build=True)

    items: list[AgencyChoice]


class AgencyName(BaseModel):
    """An agency's name, all any staff member needs to read an agency id they are shown."""

    model_config = ConfigDict(defer_build=True)

    id: str
    name: str


class AgencyNames(BaseModel):
    model_config = ConfigDict(defer_build=True)

    items: list[AgencyName]


class TimelineEvent(BaseModel):
    model_config = ConfigDict(defer_build=True)

    at: datetime
    type: str
    actor: str
    data: dict[str, Any]


class PhotoState(BaseModel):
    """One photo as the photo worker left it: a cleaned copy to show, refused (and why), or unchecked."""

    model_config = ConfigDict(defer_build=True)

    status: Literal["ready", "rejected", "pending"]
    message_vi: str | None = None
    message_en: str | None = None


class StaffReport(BaseModel):
    """The staff view. `reporter` only for the operations centre and the assigned agency."""

    model_config = ConfigDict(defer_build=True)

    id: str
    version: int
    created_at: datetime
    updated_at: datetime
    status: Status
    channel: Channel
    category: str | None
    category_source: str | None
    urgency: Urgency
    description: str
    location: Location
    photos: list[str]
    reporter: Reporter | None
    agency_id: str | None
    answer_due_at: datetime | None
    breached_at: datetime | None
    waiting_for_reporter: bool
    contacted_at: datetime | None
    agency_answer: str | None
    answer_photos: list[str]
    answer: str | None
    reject_reason: str | None
    duplicate_of: str | None
    possible_duplicates: list[str]
    hidden: bool
    hidden_reason: str | None
    allowed_actions: list[str] = Field(description="What the caller may do now")
    timeline: list[TimelineEvent]
    photo_status: dict[str, PhotoState] = Field(
        default_factory=dict,
        description="Each id of `photos` and `answer_photos`; a ready one is served by "
        "GET /v1/staff/reports/{id}/photos/{photo}",
    )


class StaffReportSummary(BaseModel):
    model_config = ConfigDict(defer_build=True)

    id: str
    version: int
    created_at: datetime
    status: Status
    category: str | None
    urgency: Urgency
    agency_id: str | None
    area_code: str | None
    lat: float | None = Field(default=None, description="Where it is, for the console's maps")
    lon: float | None = None
    answer_due_at: datetime | None
    overdue: bool
    waiting_for_reporter: bool
    hidden: bool
    possible_duplicates: int
    summary: str


class ReportPage(BaseModel):
    model_config = ConfigDict(defer_build=True)

    items: list[StaffReportSummary]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null at the end")


class ActionDone(BaseModel):
    model_config = ConfigDict(defer_build=True)

    id: str
    status: Status
    version: int
    agency_id: str | None
    events: list[str]


class CallerLocation(PlainTextInput):
    model_config = ConfigDict(defer_build=True, extra="forbid")

    # Vietnam's bounding box, islands included, as the public API accepts.
    lat: float = Field(ge=7.5, le=23.5)
    lon: float = Field(ge=102.0, le=118.0)
    address: str | None = Field(default=None, max_length=300)


class FileReport(PlainTextInput):
    """A report an operator types in for a hotline caller."""

    model_config = ConfigDict(defer_build=True, extra="forbid", str_strip_whitespace=True)

    description: str = Field(min_length=10, max_length=4000)
    category: str | None = Field(default=None, pattern=r"^[a-z0-9_]{1,40}$")
    urgency: Urgency | None = None
    location: CallerLocation
    reporter: ClientReporter = Field(default_factory=Reporter)


class Filed(BaseModel):
    model_config = ConfigDict(defer_build=True)

    id: str
    status: Status
    version: int
