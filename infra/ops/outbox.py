"""Re-publishing a report's events from its timeline (the outbox), with their own event ids.

The outbox pipe publishes every commit; what it gave up on (its dead-letter queue: a stream batch, by
shard and sequence numbers) or what a deleted queue lost is put back here, for the events the operator
names. Never all of a report's history by default: consumers deduplicate on the event id, but notify's
record of a sent message lasts 7 days, so an old event put back later would be told again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from infra.ops.errors import BAD_INPUT, FAILED, NOT_FOUND, OpsError
from shared.errors import PublishError
from shared.events import ReportEvent
from shared.ids import is_report_id, normalise_report_id
from shared.repository import ReportRepository, publish

Say = Callable[[str], None]


def _report_id(raw_id: str) -> str:
    report_id = normalise_report_id(raw_id)
    if not is_report_id(report_id):
        raise OpsError(
            f"“{raw_id[:40]}” không phải mã phản ánh (dạng PA-XXXX-XXXX).",
            f"“{raw_id[:40]}” is not a tracking code (PA-XXXX-XXXX).",
            BAD_INPUT,
        )
    return report_id


def _line(event: ReportEvent) -> str:
    return f"    {event.type.value} {event.event_id} ({event.occurred_at.isoformat(timespec='seconds')})"


def chosen(
    events: Sequence[ReportEvent], event_ids: Sequence[str], since: datetime | None
) -> list[ReportEvent]:
    """The timeline's events named by id, or written at or after `since`, oldest first."""
    wanted = set(event_ids)
    return [e for e in events if e.event_id in wanted or (since is not None and e.occurred_at >= since)]


def republish(raw_id: str, say: Say, event_ids: Sequence[str] = (), since: datetime | None = None) -> int:
    """Puts the chosen events of the report's timeline on the bus; returns how many."""
    report_id = _report_id(raw_id)
    reports = ReportRepository()
    if reports.get(report_id) is None:
        raise OpsError(f"không có phản ánh {report_id}.", f"no report {report_id}.", NOT_FOUND)
    timeline = reports.timeline_events(report_id)
    if not event_ids and since is None:
        for event in timeline:
            say(_line(event))
        raise OpsError(
            "chọn sự kiện cần phát lại: --event <mã sự kiện> (lặp lại được) hoặc --since <thời điểm ISO>.",
            "choose the events to put back: --event <event id> (repeatable) or --since <ISO time>.",
            BAD_INPUT,
        )
    events = chosen(timeline, event_ids, since)
    unknown = set(event_ids) - {e.event_id for e in events}
    if unknown or not events:
        raise OpsError(
            f"{report_id}: không có sự kiện như đã chọn ({', '.join(sorted(unknown))[:200]}).",
            f"{report_id}: no such event in its timeline ({', '.join(sorted(unknown))[:200]}).",
            NOT_FOUND,
        )
    for event in events:
        say(_line(event))
    try:
        publish(events)
    except PublishError as refused:
        raise OpsError(
            f"EventBridge từ chối ({refused}); chạy lại lệnh sau.",
            f"EventBridge refused ({refused}); run the command again.",
            FAILED,
        ) from refused
    say(f"{report_id}: re-published {len(events)} event(s).")
    return len(events)
