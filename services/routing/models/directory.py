"""The directory admin API's inputs and outputs."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.models import (
    Agency,
    Area,
    Category,
    CategoryField,
    EmailAddress,
    RoutingRule,
    Urgency,
    new_list,
)
from shared.plain_text import PlainTextInput, SingleLine

AgencyKind = Literal["department", "commune", "utility", "police", "other"]
PROVINCE_WIDE = "all"  # in a rule id, the province-wide fallback (stored as "*")
# `defer_build` on every model here: each is built by the first request of a route that uses it, not at
# import; a cold start of the staff API serves one route (docs/decisions.md, cold).


class _In(PlainTextInput):
    model_config = ConfigDict(defer_build=True, extra="forbid", str_strip_whitespace=True)


class DeadlineIn(_In):
    """One urgency's deadlines as an admin sets them; hours may be fractional, like the stored policy's."""

    accept_hours: float = Field(ge=1, le=80, description="Working hours to accept the report")
    answer_days: int = Field(ge=1, le=30, description="Working days to answer it")


class CategoryIn(_In):
    name_vi: SingleLine = Field(min_length=1, max_length=200)
    name_en: SingleLine = Field(min_length=1, max_length=200)
    default_urgency: Urgency = Urgency.NORMAL
    answer_days: int = Field(default=6, ge=1, le=60)
    fields: list[CategoryField] = Field(default_factory=new_list, max_length=10)
    # An urgency left out keeps the defaults (answer_days above, the province's accept hours).
    deadlines: dict[Urgency, DeadlineIn] = Field(default_factory=dict, max_length=len(Urgency))


class AgencyUpdate(_In):
    name: SingleLine = Field(min_length=1, max_length=200)
    kind: AgencyKind
    emails: list[EmailAddress] = Field(min_length=1, max_length=10)


class AgencyIn(AgencyUpdate):
    id: str = Field(pattern=r"^[a-z0-9-]{1,60}$")


class AreaIn(_In):
    name: SingleLine = Field(min_length=1, max_length=200)
    kind: Literal["ward", "commune", "special_zone"] = "ward"
    geometry: dict[str, Any] = Field(description="GeoJSON Polygon or MultiPolygon (WGS84)")


class RuleIn(_In):
    agency_id: str = Field(pattern=r"^[a-z0-9-]{1,60}$")


class RuleOut(RoutingRule):
    model_config = ConfigDict(defer_build=True)

    id: str = Field(description=f"<category>.<area code>, or <category>.{PROVINCE_WIDE} for the fallback")


class Categories(BaseModel):
    model_config = ConfigDict(defer_build=True)

    items: list[Category]


class Agencies(BaseModel):
    model_config = ConfigDict(defer_build=True)

    items: list[Agency]


class Areas(BaseModel):
    model_config = ConfigDict(defer_build=True)

    items: list[Area]


class Rules(BaseModel):
    model_config = ConfigDict(defer_build=True)

    items: list[RuleOut]
