"""The intake API's input and output models (they are also its OpenAPI schema).
Every string and list a client sends is bounded here, so a bad input is a 422 before any logic runs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from shared.models import Channel, ClientReporter, FieldType, Location, Reporter, Status, new_list
from shared.new_report import NewReport
from shared.plain_text import PlainTextInput

# Vietnam's bounding box, islands included (Hoàng Sa, Trường Sa).
VN_LAT = (7.5, 23.5)
VN_LON = (102.0, 118.0)

MAX_PHOTOS = 5
MAX_ATTRIBUTES = 20
UPLOAD_ID_PATTERN = r"^[0-9a-f]{32}$"

UploadId = Annotated[str, StringConstraints(pattern=UPLOAD_ID_PATTERN)]
AttributeCode = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,40}$")]
AttributeValue = Annotated[str, StringConstraints(max_length=2000)]
ImageType = Literal["image/jpeg", "image/png", "image/webp"]


class LocationIn(PlainTextInput):
    model_config = ConfigDict(extra="forbid")

    lat: float = Field(ge=VN_LAT[0], le=VN_LAT[1], description="Latitude (WGS84), inside Vietnam")
    lon: float = Field(ge=VN_LON[0], le=VN_LON[1], description="Longitude (WGS84), inside Vietnam")
    address: str | None = Field(default=None, max_length=300)
    area_code: str | None = Field(default=None, max_length=40, pattern=r"^[a-z0-9_\-]+$")


class SubmitReport(PlainTextInput):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    description: str = Field(min_length=10, max_length=4000)
    category: str | None = Field(default=None, max_length=40, pattern=r"^[a-z0-9_]+$")
    location: LocationIn
    # The entry point sets the channel: this API serves the web app and mobile apps; hotline, Open311
    # and chat reports arrive through their own entry points, never by a citizen's say-so.
    channel: Literal["web", "app"] = Field(
        default="web", description="web (the web app) or app (a mobile app)"
    )
    reporter: ClientReporter = Field(default_factory=Reporter)
    photos: list[UploadId] = Field(
        default_factory=new_list, max_length=MAX_PHOTOS, description="Upload ids from POST /v1/uploads"
    )
    attributes: dict[AttributeCode, AttributeValue] = Field(
        default_factory=dict,
        max_length=MAX_ATTRIBUTES,
        description="Answers to the extra fields the category asks for (GET /v1/categories)",
    )

    def draft(self) -> NewReport:
        return NewReport(
            description=self.description,
            category=self.category,
            location=Location(**self.location.model_dump()),
            channel=Channel(self.channel),
            reporter=self.reporter,
            photos=self.photos,
            attributes=self.attributes,
        )


class Submitted(BaseModel):
    id: str = Field(description="Tracking code, readable over the phone")
    status: Status
    created_at: datetime
    access_token: str = Field(
        description="Private: lets the reporter see their report, follow it and rate the answer "
        "(send it as X-Access-Token). Shown once; keep it."
    )


class StoredOutcome(BaseModel):
    """What a keyed submission keeps for its retries: never the token, only the salt it derives from."""

    id: str
    status: Status
    created_at: datetime
    token_salt: str


# --- photos ------------------------------------------------------------------------------------------------
# `defer_build` on the models of the API's routes other than the report's submission (which the chat
# worker also files through): each is built by the first request of a route that uses it, not at import;
# a cold start serves one route (docs/decisions.md, cold). `Upload` is the workers', built at import.


class OpenUpload(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")

    content_type: ImageType


class UploadSlot(BaseModel):
    """A presigned S3 POST: send the file as multipart/form-data to `url` with `fields`, file last."""

    model_config = ConfigDict(defer_build=True)

    upload_id: str
    url: str
    fields: dict[str, str]
    expires_at: datetime
    max_bytes: int


class Upload(BaseModel):
    """An upload slot as stored (the `uploads` table), referenced by reports by id."""

    id: str
    key: str  # where the original lands in the bucket (private)
    content_type: str
    created_at: datetime
    usable_until: datetime  # a report may refer to it until then


class PublicPhoto(BaseModel):
    model_config = ConfigDict(defer_build=True)

    id: str
    url: str
    thumbnail_url: str


class ReporterPhoto(BaseModel):
    """The reporter also learns which photos were refused, and why."""

    model_config = ConfigDict(defer_build=True)

    id: str
    status: Literal["pending", "ready", "rejected"]
    url: str | None = None
    thumbnail_url: str | None = None
    message_vi: str | None = None
    message_en: str | None = None


# --- views -------------------------------------------------------------------------------------------------


class PublicLocation(BaseModel):
    model_config = ConfigDict(defer_build=True)

    lat: float | None
    lon: float | None
    address: str | None = None
    area_code: str | None = None


class TimelineStep(BaseModel):
    model_config = ConfigDict(defer_build=True)

    at: datetime
    type: str
    status: Status


class PublicReport(BaseModel):
    """What anyone may see: never the reporter's identity or contact details, never a raw photo."""

    model_config = ConfigDict(defer_build=True)

    id: str
    created_at: datetime
    updated_at: datetime
    status: Status
    channel: Channel
    category: str | None
    description: str
    location: PublicLocation
    attributes: dict[str, str]
    agency_id: str | None
    answer_due_at: datetime | None
    answer: str | None
    photos: list[PublicPhoto]
    answer_photos: list[PublicPhoto]  # the agency's, once its answer is published
    timeline: list[TimelineStep]


class RatingOut(BaseModel):
    model_config = ConfigDict(defer_build=True)

    satisfied: bool
    score: int | None
    comment: str | None
    rated_at: datetime


class ReporterReport(BaseModel):
    """The reporter's own view (X-Access-Token): their contact details, every photo, their rating."""

    model_config = ConfigDict(defer_build=True)

    id: str
    created_at: datetime
    updated_at: datetime
    status: Status
    channel: Channel
    category: str | None
    description: str
    location: PublicLocation
    attributes: dict[str, str]
    agency_id: str | None
    answer_due_at: datetime | None
    answer: str | None
    photos: list[ReporterPhoto]
    answer_photos: list[PublicPhoto]  # the agency's, once its answer is published
    timeline: list[TimelineStep]
    reporter: Reporter
    rating: RatingOut | None
    can_rate: bool


class RateAnswer(PlainTextInput):
    model_config = ConfigDict(defer_build=True, extra="forbid", str_strip_whitespace=True)

    satisfied: bool
    score: int | None = Field(default=None, ge=1, le=5)
    comment: str | None = Field(default=None, max_length=1000)


# --- feed --------------------------------------------------------------------------------------------------


class FeedItem(BaseModel):
    model_config = ConfigDict(defer_build=True)

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
    photo_count: int


class FeedPage(BaseModel):
    model_config = ConfigDict(defer_build=True)

    items: list[FeedItem]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last")


# --- directory ---------------------------------------------------------------------------------------------


class ChoiceOut(BaseModel):
    model_config = ConfigDict(defer_build=True)

    key: str
    name_vi: str
    name_en: str


class FieldOut(BaseModel):
    model_config = ConfigDict(defer_build=True)

    code: str
    name_vi: str
    name_en: str
    datatype: FieldType
    required: bool
    choices: list[ChoiceOut]


class CategoryOut(BaseModel):
    model_config = ConfigDict(defer_build=True)

    code: str
    name_vi: str
    name_en: str
    fields: list[FieldOut]
