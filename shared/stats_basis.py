"""What the statistics know of a report, carried on its events so the projection never reads the report.

Each commit that emits a counted event stores on the report the basis it leaves (`Report.stats_basis`) and
puts on every event of that commit the basis before and after (`ReportEvent.stats`): the projection ADDs
the difference, and the differences of a report's commits add up to its last basis whatever order SQS
delivers them in. Plain data with no import of the domain, so both `models` and `events` can hold it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, SerializationInfo, SerializerFunctionWrapHandler, model_serializer


class Compact(BaseModel):
    """Written without its empty fields (None, False): it rides on every counted event and report item,
    whose size DynamoDB bills by the kilobyte (and copies into the report's indexes)."""

    @model_serializer(mode="wrap")
    def _compact(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo) -> dict[str, Any]:
        return {k: v for k, v in handler(self).items() if v is not None and v is not False}


class StatsBasis(Compact):
    """The fields of a report a statistic depends on, after the commit numbered `seq`."""

    seq: int  # the report's counted commits so far: a larger one is the newer basis
    created_at: datetime
    status: str
    agency_id: str | None = None
    category: str | None = None
    area_code: str | None = None
    answer_due_at: datetime | None = None
    breached: bool = False  # a deadline clock has breached
    # What only the events tell (merged order-free: a flag, and the latest answer and rating)
    assigned: bool = False
    resolved_at: datetime | None = None
    rated_at: datetime | None = None
    satisfied: bool | None = None
    score: int | None = None


class StatsChange(Compact):
    """The basis a commit found (None for a new report) and the one it left."""

    before: StatsBasis | None = None
    after: StatsBasis
