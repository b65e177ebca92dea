"""The event envelope every service publishes and consumes.

On the bus: source = the publishing service, detail-type = the event name, detail = `ReportEvent`.
Consumers receive it through SQS as the EventBridge JSON; `BusMessage` parses that body. Powertools'
EventBridgeModel would require `account`, which the emulator's delivery omits, hence this small model.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from shared.stats_basis import StatsChange

SCHEMA_VERSION = 1


class EventType(StrEnum):
    SUBMITTED = "Report.Submitted"
    ASSIGNED = "Report.Assigned"
    NEEDS_TRIAGE = "Report.NeedsTriage"
    ACCEPTED = "Report.Accepted"
    PROGRESS_NOTED = "Report.ProgressNoted"
    SENT_BACK = "Report.SentBack"
    RESOLVED = "Report.Resolved"
    CLOSED = "Report.Closed"
    REJECTED = "Report.Rejected"
    MERGED = "Report.Merged"
    RATED = "Report.Rated"
    REOPENED = "Report.Reopened"
    SLA_WARNING = "Sla.Warning"
    SLA_BREACHED = "Sla.Breached"
    SLA_ESCALATED = "Sla.Escalated"
    # the deadlines of an assignment are set: the agency is told with them (docs/decisions.md)
    SLA_STARTED = "Sla.Started"
    # the SLA worker's own change moved what the statistics count (clocks cleared or restarted)
    SLA_RESTATED = "Sla.Restated"
    # An operator hid a report from the public (or showed it again)
    HIDDEN = "Report.Hidden"


class ReportEvent(BaseModel):
    """The `detail` of every event. `data` holds what changed; never the reporter's contact details."""

    model_config = ConfigDict(extra="ignore")

    type: EventType
    source: str
    event_id: str = Field(default_factory=lambda: str(uuid.uuid4()))
    report_id: str
    occurred_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    actor: str
    correlation_id: str
    version: int = SCHEMA_VERSION
    data: dict[str, Any] = Field(default_factory=dict)
    # What the statistics count of the report before and after this event's commit (shared/stats_basis.py)
    stats: StatsChange | None = None

    def follow_up(self, type: EventType, source: str, actor: str, **data: Any) -> ReportEvent:
        """An event caused by this one: same report, same correlation id."""
        return ReportEvent(
            type=type,
            source=source,
            report_id=self.report_id,
            actor=actor,
            correlation_id=self.correlation_id,
            data=data,
        )


class BusMessage(BaseModel):
    """An EventBridge event as a rule delivers it to an SQS queue."""

    model_config = ConfigDict(populate_by_name=True, extra="ignore")

    id: str
    detail_type: str = Field(alias="detail-type")
    source: str
    account: str | None = None
    time: datetime
    detail: ReportEvent
