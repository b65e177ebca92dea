"""Domain models: the report and the directory (categories, agencies, routing rules)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

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

    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    address: str | None = Field(default=None, max_length=300)
    area_code: str | None = Field(default=None, max_length=40)


class Reporter(BaseModel):
    """Private: never in a public view or a log line."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, max_length=120)
    phone: str | None = Field(default=None, max_length=20, pattern=r"^\+?[0-9 .\-]{6,20}$")
    email: EmailStr | None = Field(default=None, max_length=254)
    # issue 7: the language of the messages the reporter receives (Vietnamese unless asked otherwise).
    language: Literal["vi", "en"] = "vi"


class Report(BaseModel):
    id: str
    created_at: datetime
    updated_at: datetime
    channel: Channel
    category: str | None = None
    urgency: Urgency = Urgency.NORMAL
    description: str
    location: Location
    photos: list[str] = Field(default_factory=list)
    reporter: Reporter = Field(default_factory=Reporter)
    status: Status = Status.RECEIVED
    agency_id: str | None = None
    answer_due_at: datetime | None = None
    breached_at: datetime | None = None
    answer: str | None = None
    version: int = 1
    # issue 4: routing and case work
    agency_answer: str | None = None  # the agency's answer, public only once an operator publishes it
    answer_photos: list[str] = Field(default_factory=list)
    possible_duplicates: list[str] = Field(default_factory=list)
    duplicate_of: str | None = None
    hidden: bool = False  # sensitive content: kept out of every public view
    hidden_reason: str | None = None
    waiting_for_reporter: bool = False  # SLA pauses the deadline while true
    contacted_at: datetime | None = None
    reject_reason: str | None = None
    category_source: str | None = None  # citizen | classifier | operator

    # issue 5: SLA clocks, kept by services/sla only (rules: services/sla/logic/clocks.py).
    # accept_due_at / answer_due_at / breached_at mirror clocks["accept"|"answer"] for readers.
    accept_due_at: datetime | None = None
    clocks: dict[str, Clock] = Field(default_factory=dict)
    paused_at: datetime | None = None  # waiting for the reporter since; the clocks stand still meanwhile
    sla_next_at: datetime | None = None  # when the sweep must look again (the sparse `due` index key)
    sla_sent_back_at: datetime | None = None  # after a send-back the next assignment restarts the clocks
    sla_clock_at: datetime | None = None  # occurred_at of the last clock event applied (older ones are stale)
    sla_events: list[str] = Field(default_factory=list)  # ids of the last events the SLA worker applied
    # The SLA service's own revision of its bookkeeping. It never bumps `version`, the revision people act
    # on, so a deadline update is no reason to refuse an agency's action (see ReportRepository.save_events).
    sla_rev: int = 0


class ExtraField(BaseModel):
    """issue 4: a category-specific field of the report form."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")
    label_vi: str = Field(min_length=1, max_length=120)
    label_en: str = Field(min_length=1, max_length=120)
    required: bool = False


class Category(BaseModel):
    code: str
    name_vi: str
    name_en: str
    default_urgency: Urgency = Urgency.NORMAL
    answer_days: int = 6
    # issue 4: fields a citizen fills for this category only (e.g. the power company's customer code)
    extra_fields: list[ExtraField] = Field(default_factory=list)
    # issue 5: deadlines per urgency; an urgency not listed gets the default accept hours and answer_days.
    deadlines: dict[Urgency, DeadlinePolicy] = Field(default_factory=dict)


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


class Area(BaseModel):
    """issue 4: a commune or ward (two-level structure since 2025: province → commune/ward)."""

    code: str
    name: str
    kind: str = "ward"  # ward (phường) | commune (xã) | special zone (đặc khu)
    geometry: dict[str, Any]  # GeoJSON Polygon or MultiPolygon, WGS84


class RoutingRule(BaseModel):
    """issue 4: category × area → agency; area_code "*" is the province-wide fallback."""

    category: str
    area_code: str
    agency_id: str


class ProvinceSettings(BaseModel):
    """issue 4: choices a province makes about its own process."""

    # Publish an agency's answer as soon as it is given, without an operator's review.
    auto_publish: bool = False


# issue 5: SLA models


class DeadlinePolicy(BaseModel):
    """How long an agency has: to accept (working hours) and to answer (working days)."""

    model_config = ConfigDict(extra="forbid")

    accept_hours: float = Field(default=8, gt=0, le=200)
    answer_days: int = Field(default=6, ge=1, le=60)


class Clock(BaseModel):
    """One running deadline of a report and the instants at which the sweep acts on it."""

    due_at: datetime
    warn_at: datetime
    escalate_at: datetime
    warned: bool = False
    breached_at: datetime | None = None
    escalated_at: datetime | None = None


Report.model_rebuild()
Category.model_rebuild()
