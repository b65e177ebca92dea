"""A new report from any channel (app/web, Open311, hotline, chat): the report and its Submitted event."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from shared.events import EventType, ReportEvent
from shared.models import Channel, Location, Report, Reporter, Urgency, new_list
from shared.ports import JointWrites, ReportStore


class NewReport(BaseModel):
    """What a channel knows of a new report once it has checked it."""

    channel: Channel
    description: str
    location: Location
    category: str | None = None
    category_source: str | None = None  # citizen | classifier | operator
    urgency: Urgency = Urgency.NORMAL
    photos: list[str] = Field(default_factory=new_list)  # upload ids
    attributes: dict[str, str] = Field(default_factory=dict)
    media_url: str | None = None
    reporter: Reporter = Field(default_factory=Reporter)
    access_token_hash: str | None = None


def file_new_report(
    store: ReportStore,
    draft: NewReport,
    *,
    actor: str,
    source: str,
    correlation_id: str,
    now: datetime,
    joint: JointWrites | None = None,
) -> Report:
    """Stores the report under a fresh tracking code with its Report.Submitted event, and publishes it;
    `joint`'s writes (its photos' claims) land with it or nothing does (JointRefused)."""

    def build(report_id: str) -> tuple[Report, ReportEvent]:
        report = Report(id=report_id, created_at=now, updated_at=now, **dict(draft))
        event = ReportEvent(
            type=EventType.SUBMITTED,
            source=source,
            report_id=report_id,
            occurred_at=now,
            actor=actor,
            correlation_id=correlation_id,
            data={
                "category": report.category,
                "channel": report.channel.value,
                "photos": len(report.photos),
                # Where routing finds the report among its neighbours without reading it (no contact
                # details: the point is the report's public location)
                "lat": report.location.lat,
                "lon": report.location.lon,
                # Whether the reporter can be told anything (not how): notify reads nothing otherwise
                "reachable": bool(report.reporter.chat or report.reporter.email or report.reporter.phone),
            },
        )
        if report.photos:  # which ones the photo worker checks, without reading the report
            event.data["upload_ids"] = list(report.photos)
        return report, event

    report, _ = store.create_new(build, joint)
    return report
