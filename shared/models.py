"""Domain models: the report and the directory (categories, agencies, routing rules)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, EmailStr, Field


class Channel(StrEnum):
    WEB = "web"
    APP = "app"
    FACEBOOK = "facebook"
    ZALO = "zalo"
    HOTLINE = "hotline"
    EMAIL = "email"
    OPEN311 = "open311"


class Status(StrEnum):
    RECEIVED = "received"
    TRIAGE = "triage"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"
    REJECTED = "rejected"


class Urgency(StrEnum):
    URGENT = "urgent"
    NORMAL = "normal"
    COMPLEX = "complex"


class Location(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Optional: an Open311 client may send only an address_string (the spec allows it).
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    address: str | None = Field(default=None, max_length=300)
    area_code: str | None = Field(default=None, max_length=40)


class Reporter(BaseModel):
    """Private: never in a public view or a log line."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, max_length=120)
    phone: str | None = Field(default=None, max_length=20, pattern=r"^\+?[0-9 .\-]{6,20}$")
    email: EmailStr | None = Field(default=None, max_length=254)


class Rating(BaseModel):
    """The reporter's verdict on one published answer (`answer_digest` says which one)."""

    satisfied: bool
    score: int | None = Field(default=None, ge=1, le=5)
    comment: str | None = Field(default=None, max_length=1000)
    rated_at: datetime
    answer_digest: str


class Report(BaseModel):
    id: str
    created_at: datetime
    updated_at: datetime
    channel: Channel
    category: str | None = None
    urgency: Urgency = Urgency.NORMAL
    description: str
    location: Location
    photos: list[str] = Field(default_factory=list)  # upload ids; their processing lives beside the report
    attributes: dict[str, str] = Field(default_factory=dict)  # answers to the category's extra fields
    media_url: str | None = None  # a picture hosted by an Open311 client, as it sent it
    reporter: Reporter = Field(default_factory=Reporter)
    status: Status = Status.RECEIVED
    agency_id: str | None = None
    answer_due_at: datetime | None = None
    breached_at: datetime | None = None
    answer: str | None = None
    rating: Rating | None = None
    # Private: SHA-256 of the reporter's access token; the token itself is never stored.
    access_token_hash: str | None = None
    version: int = 1


class FieldType(StrEnum):
    """Open311's attribute datatypes, so a category's fields map onto GeoReport v2 one to one."""

    STRING = "string"
    NUMBER = "number"
    DATETIME = "datetime"
    TEXT = "text"
    SINGLEVALUELIST = "singlevaluelist"
    MULTIVALUELIST = "multivaluelist"


class FieldChoice(BaseModel):
    key: str
    name_vi: str
    name_en: str


class CategoryField(BaseModel):
    """An extra question a category asks (e.g. the number on the electricity pole)."""

    code: str
    name_vi: str
    name_en: str
    datatype: FieldType = FieldType.STRING
    required: bool = False
    choices: list[FieldChoice] = Field(default_factory=list)


class Category(BaseModel):
    code: str
    name_vi: str
    name_en: str
    default_urgency: Urgency = Urgency.NORMAL
    answer_days: int = 6
    fields: list[CategoryField] = Field(default_factory=list)


class Agency(BaseModel):
    id: str
    name: str
    kind: str
    emails: list[EmailStr]


class TimelineEntry(BaseModel):
    at: datetime
    type: str
    actor: str
    status: Status
    note: str | None = None
