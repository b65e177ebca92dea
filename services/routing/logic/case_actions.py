"""What each staff action does to a report: one small function per action type, found by `STEPS`.

Each step records the new status, the fields changed and the events to emit on a `Change`; the state
machine (`casework.decide`) checks every step against the shared transitions and builds the events.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from services.routing.logic.auto_routing import decide
from services.routing.logic.ports import CaseLookups
from services.routing.models.actions import (
    REJECT_TEXTS,
    Accept,
    Assign,
    Classify,
    Contacted,
    Hide,
    Merge,
    Note,
    Publish,
    Reject,
    Reopen,
    Resolve,
    SendBack,
)
from shared.errors import Conflict, IllegalTransition, InvalidInput
from shared.events import EventType
from shared.models import Report, Status

S = Status


class ActionNotAllowed(IllegalTransition):
    def __init__(self, action: str, current: Status, allowed: list[str]) -> None:
        super().__init__(current.value, action, allowed)
        self.message_vi = f"Không thể thực hiện '{action}' khi phản ánh ở trạng thái '{current.value}'."
        self.message_en = f"'{action}' is not possible while the report is '{current.value}'."


@dataclass
class Change:
    """What one action does to a report, built by the action's step."""

    report: Report  # as read
    lookups: CaseLookups
    now: datetime
    status: Status
    agency_id: str | None
    fields: dict[str, Any] = field(default_factory=dict)
    events: list[tuple[EventType, dict[str, Any]]] = field(default_factory=list)

    def emit(self, type_: EventType, **data: Any) -> None:
        # Stamped when emitted: after a resolve that auto-publishes, each event carries its own status.
        self.events.append((type_, {**data, "agency_id": self.agency_id, "status": self.status.value}))


def _invalid(field: str, vi: str, en: str) -> InvalidInput:
    return InvalidInput(vi, en, fields={field: en})


def classify(c: Change, action: Classify) -> None:
    if not c.lookups.category_exists(action.category):
        raise _invalid("category", "Không có lĩnh vực này.", "Unknown category.")
    c.fields.update(category=action.category, category_source="operator")
    if action.urgency:
        c.fields["urgency"] = action.urgency
    route = decide(action.category, c.report.location.area_code, c.lookups)
    c.status, c.agency_id = route.status, route.agency_id
    reason = {"reason": route.reason} if route.reason else {}
    c.emit(route.event_type, category=action.category, **reason)


def assign(c: Change, action: Assign) -> None:
    if not c.lookups.agency_exists(action.agency_id):
        raise _invalid("agency_id", "Không có cơ quan này.", "Unknown agency.")
    previous = c.report.agency_id
    if previous is not None and action.agency_id == previous:
        raise Conflict("Phản ánh đã giao cho cơ quan này.", "Already assigned to this agency.")
    if previous is not None and not action.reason:
        raise _invalid("reason", "Cần nêu lý do chuyển cơ quan.", "A reason is required to reassign.")
    c.status, c.agency_id = S.ASSIGNED, action.agency_id
    extra = {"reason": action.reason, "previous_agency_id": previous} if previous is not None else {}
    c.emit(EventType.ASSIGNED, category=c.report.category, **extra)


def reject(c: Change, action: Reject) -> None:
    c.status = S.REJECTED
    c.fields["reject_reason"] = action.reason.value
    c.emit(EventType.REJECTED, reason=action.reason.value, reason_text=REJECT_TEXTS[action.reason])


def merge(c: Change, action: Merge) -> None:
    target = c.lookups.report(action.duplicate_of)
    if target is None or target.id == c.report.id or target.duplicate_of or target.status is S.REJECTED:
        raise _invalid(
            "duplicate_of",
            "Phản ánh gốc không tồn tại hoặc không thể gộp vào.",
            "The original report does not exist or cannot take duplicates.",
        )
    c.status = S.CLOSED
    answer = f"Phản ánh trùng với phản ánh {target.id}; kết quả xử lý được cập nhật tại đó."
    c.fields.update(duplicate_of=target.id, answer=answer, waiting_for_reporter=False)
    c.emit(EventType.MERGED, duplicate_of=target.id)
    c.emit(EventType.CLOSED, answer=answer, duplicate_of=target.id)


def publish(c: Change, action: Publish) -> None:
    c.status = S.CLOSED
    c.fields["answer"] = action.answer or c.report.agency_answer
    c.emit(EventType.CLOSED, answer=c.fields["answer"])


def hide(c: Change, action: Hide) -> None:
    c.fields.update(hidden=action.hidden, hidden_reason=action.reason if action.hidden else None)
    c.emit(EventType.HIDDEN, hidden=action.hidden, reason=action.reason)


def reopen(c: Change, action: Reopen) -> None:
    report = c.report
    if report.status is S.CLOSED and (report.duplicate_of or not report.agency_id):
        raise ActionNotAllowed("reopen", report.status, [])  # a duplicate, or closed without an agency
    c.status = S.TRIAGE if report.status is S.REJECTED else S.IN_PROGRESS
    # The answer clock of the case that closed would count again with the open status, already overdue,
    # and the sweep could warn of it before the SLA worker starts the re-opening's own clock.
    c.fields["clocks"] = {kind: clock for kind, clock in report.clocks.items() if kind != "answer"}
    c.emit(EventType.REOPENED, reason=action.reason)


def accept(c: Change, action: Accept) -> None:
    c.status = S.IN_PROGRESS
    c.emit(EventType.ACCEPTED)


def _waiting(c: Change, asked: bool | None) -> bool:
    """Whether the agency now waits for the reporter: as asked, else as it was."""
    waiting = c.report.waiting_for_reporter if asked is None else asked
    c.fields["waiting_for_reporter"] = waiting
    return waiting


def note(c: Change, action: Note) -> None:
    waiting = _waiting(c, action.waiting_for_reporter)
    c.emit(EventType.PROGRESS_NOTED, note=action.note, photos=action.photos, waiting_for_reporter=waiting)


def contacted(c: Change, action: Contacted) -> None:
    waiting = _waiting(c, action.waiting_for_reporter)
    c.fields["contacted_at"] = c.now
    text = action.note or "Đã liên hệ với người phản ánh."
    c.emit(EventType.PROGRESS_NOTED, note=text, contacted=True, waiting_for_reporter=waiting)


def resolve(c: Change, action: Resolve) -> None:
    c.status = S.RESOLVED
    c.fields.update(agency_answer=action.answer, answer_photos=action.photos, waiting_for_reporter=False)
    c.emit(EventType.RESOLVED, answer=action.answer, photos=action.photos)
    if c.lookups.auto_publish():  # the province publishes agencies' answers without review
        c.status = S.CLOSED
        c.fields["answer"] = action.answer
        c.emit(EventType.CLOSED, answer=action.answer, auto_published=True)


def send_back(c: Change, action: SendBack) -> None:
    c.status, c.agency_id = S.TRIAGE, None
    c.fields["waiting_for_reporter"] = False
    c.emit(EventType.SENT_BACK, reason=action.reason, from_agency_id=c.report.agency_id)


# Action type → its step. Each step takes the action model whose `type` is that key.
STEPS: dict[str, Callable[[Change, Any], None]] = {
    "classify": classify,
    "assign": assign,
    "reject": reject,
    "merge": merge,
    "publish": publish,
    "hide": hide,
    "reopen": reopen,
    "accept": accept,
    "note": note,
    "contacted": contacted,
    "resolve": resolve,
    "send_back": send_back,
}
