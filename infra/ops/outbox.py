"""Re-publishing a report's events that are still in the outbox (written, never confirmed on the bus)."""

from __future__ import annotations

from collections.abc import Callable

from infra.ops.errors import BAD_INPUT, FAILED, NOT_FOUND, OpsError
from shared.ids import is_report_id, normalise_report_id
from shared.repository import ReportRepository

Say = Callable[[str], None]


def republish(raw_id: str, say: Say) -> int:
    """Puts the report's unpublished events on the bus with their own event ids (consumers deduplicate on
    them) and takes them out of the outbox; returns how many."""
    report_id = normalise_report_id(raw_id)
    if not is_report_id(report_id):
        raise OpsError(
            f"“{raw_id[:40]}” không phải mã phản ánh (dạng PA-XXXX-XXXX).",
            f"“{raw_id[:40]}” is not a tracking code (PA-XXXX-XXXX).",
            BAD_INPUT,
        )
    reports = ReportRepository()
    if reports.get(report_id) is None:
        raise OpsError(f"không có phản ánh {report_id}.", f"no report {report_id}.", NOT_FOUND)
    events = reports.unpublished_of(report_id)
    if not events:
        say(f"{report_id}: every event is on the bus already; nothing to re-publish.")
        return 0
    for event in events:
        say(f"    {event.type.value} {event.event_id} ({event.occurred_at.isoformat(timespec='seconds')})")
    if not reports.publish_pending(events):
        raise OpsError(
            f"EventBridge từ chối; {len(events)} sự kiện vẫn ở outbox (chạy lại lệnh sau).",
            f"EventBridge refused; the {len(events)} events stay in the outbox (run the command again).",
            FAILED,
        )
    say(f"{report_id}: re-published {len(events)} event(s).")
    return len(events)
