"""The SLA service's settings and the statistics it publishes (JSON fields and CSV columns)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

# `defer_build`: the published statistics' models are built by the first request of a route that uses
# them, not at import. The stats API builds those of the route a cold start serves (docs/decisions.md,
# cold).


class Figures(BaseModel):
    model_config = ConfigDict(defer_build=True)

    received: int = 0
    assigned: int = 0
    resolved: int = 0
    closed: int = 0
    rejected: int = 0
    open: int = 0
    on_time: int = 0
    late: int = 0
    overdue_now: int = 0
    on_time_rate: float | None = None  # on time / answered with a deadline
    answer_hours_median: float | None = None
    answer_hours_p90: float | None = None
    rated: int = 0
    satisfied_rate: float | None = None  # satisfied / rated
    mean_score: float | None = None  # 1–5, over the ratings that gave a score


class Row(Figures):
    id: str
    name: str | None = None


class Ranked(BaseModel):
    model_config = ConfigDict(defer_build=True)

    rank: int
    agency_id: str
    name: str | None
    on_time_rate: float | None
    satisfied_rate: float | None
    resolved: int


class Stats(BaseModel):
    model_config = ConfigDict(defer_build=True)

    period: str
    province: Figures
    by_agency: list[Row]
    by_category: list[Row]
    by_area: list[Row]
    ranking: list[Ranked]


class FactView(BaseModel):
    """One report behind a figure: ids and flags only, never the reporter."""

    model_config = ConfigDict(defer_build=True)

    report_id: str
    day: str
    status: str
    agency: str
    category: str
    area: str
    flags: list[str]


class DrillDown(BaseModel):
    model_config = ConfigDict(defer_build=True)

    month: str
    figure: str | None
    total: int
    reports: list[FactView]
    truncated: bool
    figures: Figures = Field(
        description="The figures of every report of the month matching agency, category and area together "
        "(whatever `figure` is): combined filters, which the per-dimension counters cannot give"
    )
    by_agency: list[Row] = Field(
        default=[],
        description="The same reports' figures per agency (whatever `figure` is), the most received first",
    )
    ranking: list[Ranked] = Field(
        default=[], description="The agencies' ranking among the same reports, as `Stats.ranking` ranks"
    )
