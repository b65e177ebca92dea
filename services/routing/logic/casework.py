"""Case work: each staff action is one transition of the report's state machine.

`decide` is pure (report + action → the changed report and its events), so the whole machine can be
tested without AWS; `perform` reads, checks access, decides, and saves conditionally on `version` with
the events in the same transaction (the outbox), then publishes them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from services.routing.actions import (
    REJECT_TEXTS,
    Accept,
    Action,
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
from services.routing.logic.access import OPERATOR_ACTIONS, ensure_may_act, ensure_visible, may_act
from shared.errors import Conflict, IllegalTransition, InvalidInput
from shared.events import EventType, ReportEvent
from shared.models import Report, Status
from shared.principal import Principal
from shared.status import ensure_transition

SOURCE = "phananh.routing"
S = Status

# Action → the statuses it may start from. The target follows from the action (see `decide`).
FROM: dict[str, frozenset[Status]] = {
    "classify": frozenset({S.RECEIVED, S.TRIAGE}),
    "assign": frozenset({S.RECEIVED, S.TRIAGE, S.ASSIGNED}),
    "reject": frozenset({S.RECEIVED, S.TRIAGE}),
    "merge": frozenset({S.RECEIVED, S.TRIAGE, S.ASSIGNED, S.IN_PROGRESS}),
    "publish": frozenset({S.RESOLVED}),
    "hide": frozenset(Status),
    "accept": frozenset({S.ASSIGNED}),
    "note": frozenset({S.IN_PROGRESS}),
    "contacted": frozenset({S.IN_PROGRESS}),
    "resolve": frozenset({S.IN_PROGRESS}),
    "send_back": frozenset({S.ASSIGNED, S.IN_PROGRESS}),
    "reopen": frozenset({S.RESOLVED, S.CLOSED, S.REJECTED}),
}


class ActionNotAllowed(IllegalTransition):
    def __init__(self, action: str, current: Status, allowed: list[str]) -> None:
        super().__init__(current.value, action, allowed)
        self.message_vi = f"Không thể thực hiện '{action}' khi phản ánh ở trạng thái '{current.value}'."
        self.message_en = f"'{action}' is not possible while the report is '{current.value}'."


class Lookups(Protocol):
    def category_exists(self, code: str) -> bool: ...
    def agency_exists(self, agency_id: str) -> bool: ...
    def agency_for(self, category: str, area_code: str | None) -> str | None: ...
    def report(self, report_id: str) -> Report | None: ...
    def auto_publish(self) -> bool: ...


@dataclass
class Decision:
    report: Report
    events: list[ReportEvent]


def allowed_actions(principal: Principal, report: Report) -> list[str]:
    return sorted(
        a for a, starts in FROM.items() if report.status in starts and may_act(principal, a, report)
    )


def _invalid(field: str, vi: str, en: str) -> InvalidInput:
    return InvalidInput(vi, en, fields={field: en})


@dataclass
class Change:
    """What one action does to a report, built step by step by the action's branch below."""

    status: Status
    agency_id: str | None
    fields: dict[str, Any] = field(default_factory=dict)
    events: list[tuple[EventType, dict[str, Any]]] = field(default_factory=list)

    def emit(self, type_: EventType, **data: Any) -> None:
        # Stamped when emitted: after a resolve that auto-publishes, each event carries its own status.
        self.events.append((type_, {**data, "agency_id": self.agency_id, "status": self.status.value}))


def _operator_action(c: Change, report: Report, action: Action, lookups: Lookups) -> None:
    match action:
        case Classify():
            if not lookups.category_exists(action.category):
                raise _invalid("category", "Không có lĩnh vực này.", "Unknown category.")
            c.fields.update(category=action.category, category_source="operator")
            if action.urgency:
                c.fields["urgency"] = action.urgency
            c.agency_id = lookups.agency_for(action.category, report.location.area_code)
            if c.agency_id:
                c.status = S.ASSIGNED
                c.emit(EventType.ASSIGNED, category=action.category)
            else:
                c.status = S.TRIAGE
                c.emit(EventType.NEEDS_TRIAGE, reason="no_rule", category=action.category)
        case Assign():
            if not lookups.agency_exists(action.agency_id):
                raise _invalid("agency_id", "Không có cơ quan này.", "Unknown agency.")
            reassign = report.agency_id is not None
            if reassign and action.agency_id == report.agency_id:
                raise Conflict("Phản ánh đã giao cho cơ quan này.", "Already assigned to this agency.")
            if reassign and not action.reason:
                raise _invalid("reason", "Cần nêu lý do chuyển cơ quan.", "A reason is required to reassign.")
            c.status, c.agency_id = S.ASSIGNED, action.agency_id
            extra = {"reason": action.reason, "previous_agency_id": report.agency_id} if reassign else {}
            c.emit(EventType.ASSIGNED, category=report.category, **extra)
        case Reject():
            c.status = S.REJECTED
            c.fields["reject_reason"] = action.reason.value
            c.emit(EventType.REJECTED, reason=action.reason.value, reason_text=REJECT_TEXTS[action.reason])
        case Merge():
            target = lookups.report(action.duplicate_of)
            if target is None or target.id == report.id or target.duplicate_of or target.status is S.REJECTED:
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
        case Publish():
            c.status = S.CLOSED
            c.fields["answer"] = action.answer or report.agency_answer
            c.emit(EventType.CLOSED, answer=c.fields["answer"])
        case Hide():
            c.fields.update(hidden=action.hidden, hidden_reason=action.reason if action.hidden else None)
            c.emit(EventType.HIDDEN, hidden=action.hidden, reason=action.reason)
        case Reopen():
            if report.status is S.CLOSED and (report.duplicate_of or not report.agency_id):
                raise ActionNotAllowed("reopen", report.status, [])
            c.status = S.TRIAGE if report.status is S.REJECTED else S.IN_PROGRESS
            c.emit(EventType.REOPENED, reason=action.reason)


def _agency_action(c: Change, report: Report, action: Action, lookups: Lookups, now: datetime) -> None:
    match action:
        case Accept():
            c.status = S.IN_PROGRESS
            c.emit(EventType.ACCEPTED)
        case Note() | Contacted():
            waiting = report.waiting_for_reporter
            if action.waiting_for_reporter is not None:
                waiting = action.waiting_for_reporter
            c.fields["waiting_for_reporter"] = waiting
            if isinstance(action, Note):
                c.emit(
                    EventType.PROGRESS_NOTED,
                    note=action.note,
                    photos=action.photos,
                    waiting_for_reporter=waiting,
                )
            else:
                c.fields["contacted_at"] = now
                note = action.note or "Đã liên hệ với người phản ánh."
                c.emit(EventType.PROGRESS_NOTED, note=note, contacted=True, waiting_for_reporter=waiting)
        case Resolve():
            c.status = S.RESOLVED
            c.fields.update(
                agency_answer=action.answer, answer_photos=action.photos, waiting_for_reporter=False
            )
            c.emit(EventType.RESOLVED, answer=action.answer, photos=action.photos)
            if lookups.auto_publish():  # the province publishes agencies' answers without review
                c.status = S.CLOSED
                c.fields["answer"] = action.answer
                c.emit(EventType.CLOSED, answer=action.answer, auto_published=True)
        case SendBack():
            c.status, c.agency_id = S.TRIAGE, None
            c.fields["waiting_for_reporter"] = False
            c.emit(EventType.SENT_BACK, reason=action.reason, from_agency_id=report.agency_id)


def decide(
    report: Report, action: Action, lookups: Lookups, actor: str, correlation_id: str, now: datetime
) -> Decision:
    change = Change(status=report.status, agency_id=report.agency_id)
    if action.type in OPERATOR_ACTIONS:
        _operator_action(change, report, action, lookups)
    else:
        _agency_action(change, report, action, lookups, now)
    previous = report.status
    for _, data in change.events:  # the shared state machine has the last word on every step taken
        if data["status"] != previous.value:
            ensure_transition(previous, Status(data["status"]))
            previous = Status(data["status"])
    updated = report.model_copy(
        update={
            **change.fields,
            "status": change.status,
            "agency_id": change.agency_id,
            "version": report.version + 1,
            "updated_at": now,
        }
    )
    events = [
        ReportEvent(
            type=type_,
            source=SOURCE,
            report_id=report.id,
            occurred_at=now + timedelta(milliseconds=n),  # keeps Merged before Closed in the timeline
            actor=actor,
            correlation_id=correlation_id,
            data=data,
        )
        for n, (type_, data) in enumerate(change.events)
    ]
    return Decision(updated, events)


# Attempts when only the SLA service's bookkeeping changed the report between our read and our write.
SLA_RETRIES = 3


def check(principal: Principal, report: Report, action: Action) -> None:
    """Access (403), staleness (409) and legality (409 with the actions allowed now), in that order."""
    ensure_may_act(principal, action.type, report)
    if action.version != report.version:
        raise Conflict(
            f"Phản ánh đã thay đổi (phiên bản {report.version}), vui lòng tải lại.",
            f"The report changed since you read it (now version {report.version}); reload it.",
        )
    if report.status not in FROM[action.type]:
        raise ActionNotAllowed(action.type, report.status, allowed_actions(principal, report))


def perform(
    principal: Principal,
    report_id: str,
    action: Action,
    load: Callable[[str], Report | None],
    lookups: Lookups,
    save: Callable[[Report, int, list[ReportEvent]], None],
    correlation_id: str,
) -> Decision:
    for _ in range(SLA_RETRIES):
        report = ensure_visible(principal, load(report_id), report_id)
        check(principal, report, action)  # a change people made since the read is a 409, as it must be
        decision = decide(report, action, lookups, principal.actor, correlation_id, datetime.now(UTC))
        try:
            save(decision.report, report.version, decision.events)
        except Conflict:
            continue  # the SLA service booked a deadline meanwhile (same version): apply to the fresh read
        return decision
    raise Conflict("Phản ánh đang được cập nhật, vui lòng thử lại.", "The report is busy; please try again.")
