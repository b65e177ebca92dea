"""Domain models: the report and the directory (categories, agencies, routing rules)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
)
from pydantic.json_schema import JsonSchemaValue, SkipJsonSchema
from pydantic_core import core_schema

from shared.stats_basis import StatsBasis

if TYPE_CHECKING:
    EmailAddress = str
else:

    class EmailAddress:
        """pydantic's `EmailStr` (same check, same normalised result, same JSON schema) minus one thing:
        `EmailStr` imports email-validator when a model using it is built, at module import, which costs
        every cold start ~40 ms of regular expressions; here it is imported by the first address checked.
        """

        @classmethod
        def __get_pydantic_core_schema__(
            cls, _source: type[Any], _handler: GetCoreSchemaHandler
        ) -> core_schema.CoreSchema:
            return core_schema.no_info_after_validator_function(cls._validate, core_schema.str_schema())

        @classmethod
        def __get_pydantic_json_schema__(
            cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
        ) -> JsonSchemaValue:
            field_schema = handler(schema)
            field_schema.update(type="string", format="email")
            return field_schema

        @classmethod
        def _validate(cls, value: str, /) -> str:
            # Imported with the first address too: pydantic's networks module is ~4 ms of every cold import.
            from pydantic.networks import validate_email

            return validate_email(value)[1]


def new_list() -> list[Any]:
    """A new empty list: the models' default factory for list fields, in place of `list` itself. pydantic
    reads a default factory's signature when it builds a model, and a builtin's signature is parsed from its
    text by Python's tokenizer: ~4 ms of every cold import for the first list field built (the tokenizer's
    regular expression compiled), ~0.2 ms for each after it."""
    return []


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


class ChatContact(BaseModel):
    """The chat account a report came from (a Zalo OA follower, a Messenger page-scoped id): private contact
    data, like a phone number. Set only by the chat channel, never by a client."""

    model_config = ConfigDict(extra="forbid")

    platform: Literal["zalo", "messenger"]
    user_id: str = Field(min_length=1, max_length=64, pattern=r"^[0-9A-Za-z_-]+$")


class Reporter(BaseModel):
    """Private: never in a public view or a log line."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, max_length=120)
    phone: str | None = Field(default=None, max_length=20, pattern=r"^\+?[0-9 .\-]{6,20}$")
    email: EmailAddress | None = Field(default=None, max_length=254)
    # The language of the messages the reporter receives (Vietnamese unless asked otherwise).
    language: Literal["vi", "en"] = "vi"
    # Left out of the API document (no client may set it) and out of any output where it is unset.
    chat: SkipJsonSchema[ChatContact | None] = Field(default=None, exclude_if=lambda value: value is None)

    def without_chat(self) -> Reporter:
        return self.model_copy(update={"chat": None})


def from_client(reporter: Reporter) -> Reporter:
    """A reporter as a client sent it: the chat contact is the chat channel's alone to set."""
    if reporter.chat is not None:
        raise ValueError("chat: set by the chat channel only")
    return reporter


# The reporter field of a request body.
ClientReporter = Annotated[Reporter, AfterValidator(from_client)]


# SLA models (defined before the report and the category, which hold them: each is built once)


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
    # upload ids; their processing lives beside the report
    photos: list[str] = Field(default_factory=new_list)
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
    # Routing and case work
    agency_answer: str | None = None  # the agency's answer, public only once an operator publishes it
    answer_photos: list[str] = Field(default_factory=new_list)
    possible_duplicates: list[str] = Field(default_factory=new_list)
    duplicate_of: str | None = None
    hidden: bool = False  # sensitive content: kept out of every public view
    hidden_reason: str | None = None
    waiting_for_reporter: bool = False  # SLA pauses the deadline while true
    contacted_at: datetime | None = None
    reject_reason: str | None = None
    category_source: str | None = None  # citizen | classifier | operator

    # SLA clocks, kept by services/sla only (rules: services/sla/logic/clocks.py).
    # accept_due_at / answer_due_at / breached_at mirror clocks["accept"|"answer"] for readers.
    accept_due_at: datetime | None = None
    clocks: dict[str, Clock] = Field(default_factory=dict)
    paused_at: datetime | None = None  # waiting for the reporter since; the clocks stand still meanwhile
    sla_next_at: datetime | None = None  # when the sweep must look again (the sparse `due` index key)
    sla_sent_back_at: datetime | None = None  # after a send-back the next assignment restarts the clocks
    sla_clock_at: datetime | None = None  # occurred_at of the last clock event applied (older ones are stale)
    sla_events: list[str] = Field(default_factory=new_list)  # ids of the last events the SLA worker applied
    # The SLA service's own revision of its bookkeeping. It never bumps `version`, the revision people act
    # on, so a deadline update is no reason to refuse an agency's action (see ReportRepository.save_events).
    sla_rev: int = 0
    # What the statistics counted of it at its last counted commit (written by the repository only)
    stats_basis: StatsBasis | None = None


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
    choices: list[FieldChoice] = Field(default_factory=new_list)


class Category(BaseModel):
    code: str
    name_vi: str
    name_en: str
    default_urgency: Urgency = Urgency.NORMAL
    answer_days: int = 6
    # Extra questions a category asks (Open311 attributes); edited by admins, asked by intake.
    fields: list[CategoryField] = Field(default_factory=new_list)
    # Deadlines per urgency; an urgency not listed gets the default accept hours and answer_days.
    deadlines: dict[Urgency, DeadlinePolicy] = Field(default_factory=dict)


class Agency(BaseModel):
    id: str
    name: str
    kind: str
    emails: list[EmailAddress]


class TimelineEntry(BaseModel):
    at: datetime
    type: str
    actor: str
    status: Status
    note: str | None = None


class Area(BaseModel):
    """A commune or ward (two-level structure since 2025: province → commune/ward)."""

    code: str
    name: str
    kind: str = "ward"  # ward (phường) | commune (xã) | special zone (đặc khu)
    geometry: dict[str, Any]  # GeoJSON Polygon or MultiPolygon, WGS84


class RoutingRule(BaseModel):
    """Category × area → agency; area_code "*" is the province-wide fallback."""

    category: str
    area_code: str
    agency_id: str


class ProvinceSettings(BaseModel):
    """Choices a province makes about its own process."""

    # Publish an agency's answer as soon as it is given, without an operator's review.
    auto_publish: bool = False


class PhotoResult(BaseModel):
    """What the photo worker found for one photo of a report."""

    upload_id: str
    status: Literal["ready", "rejected"]
    processed_at: datetime
    reason: str | None = None  # machine code of a rejection
    message_vi: str | None = None
    message_en: str | None = None
    original_bytes: int | None = None
    public_bytes: int | None = None
    width: int | None = None
    height: int | None = None
    public_key: str | None = None
    thumbnail_key: str | None = None
