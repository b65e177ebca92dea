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
    # issue 5: SLA clocks, kept by services/sla only (rules: services/sla/logic/clocks.py).
    # accept_due_at / answer_due_at / breached_at mirror clocks["accept"|"answer"] for readers.
    accept_due_at: datetime | None = None
    clocks: dict[str, Clock] = Field(default_factory=dict)
    paused_at: datetime | None = None  # waiting for the reporter since; the clocks stand still meanwhile
    sla_next_at: datetime | None = None  # when the sweep must look again (the sparse `due` index key)
    sla_sent_back_at: datetime | None = None  # after a send-back the next assignment restarts the clocks
    sla_clock_at: datetime | None = None  # occurred_at of the last clock event applied (older ones are stale)
    sla_events: list[str] = Field(default_factory=list)  # ids of the last events the SLA worker applied


class Category(BaseModel):
    code: str
    name_vi: str
    name_en: str
    default_urgency: Urgency = Urgency.NORMAL
    answer_days: int = 6
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
