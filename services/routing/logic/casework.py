"""Case work: each staff action is one transition of the report's state machine.

`decide` is pure (report + action → the changed report and its events; each action's step is in
`case_actions.py`), so the whole machine can be tested without AWS; `perform` reads (or takes the copy
the view before it left), checks access, decides, and commits conditionally on `version` and `sla_rev`
with the events, which the store then publishes. An
assignment (assign, or a classify that finds an agency) sets its deadlines in the same commit
(shared/assignment_clock.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from services.routing.logic.access import ensure_may_act, ensure_visible, may_act
from services.routing.logic.case_actions import STEPS, ActionNotAllowed, Change
from services.routing.logic.lookups import StoreLookups
from services.routing.logic.ports import CaseLookups, RecentReports
from services.routing.models.actions import Action
from shared.assignment_clock import assigned_with_deadlines
from shared.errors import Conflict, DomainError
from shared.events import EventType, ReportEvent
from shared.models import Report, Status
from shared.ports import DirectoryReader, ReportStore
from shared.principal import Principal
from shared.sla_policy import SlaPolicy
from shared.status import ensure_transition

SOURCE = "phananh.routing"
S = Status

# Action → the statuses it may start from. The target follows from the action (see `case_actions`).
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


@dataclass
class Decision:
    report: Report
    events: list[ReportEvent]


def allowed_actions(principal: Principal, report: Report) -> list[str]:
    return sorted(
        a for a, starts in FROM.items() if report.status in starts and may_act(principal, a, report)
    )


def _ensure_each_step_legal(report: Report, change: Change) -> None:
    """The shared state machine has the last word on every step taken."""
    previous = report.status
    for _, data in change.events:
        if data["status"] != previous.value:
            ensure_transition(previous, Status(data["status"]))
            previous = Status(data["status"])


def decide(
    report: Report, action: Action, lookups: CaseLookups, actor: str, correlation_id: str, now: datetime
) -> Decision:
    change = Change(report, lookups, now, status=report.status, agency_id=report.agency_id)
    STEPS[action.type](change, action)
    _ensure_each_step_legal(report, change)
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
    return _with_deadlines(report, Decision(updated, events), lookups)


def _with_deadlines(before: Report, decision: Decision, lookups: CaseLookups) -> Decision:
    """An assignment's deadlines set in its own commit, and Sla.Started right after Report.Assigned."""
    assigned = next((e for e in decision.events if e.type is EventType.ASSIGNED), None)
    if assigned is None:
        return decision
    after = decision.report
    category = lookups.category(after.category) if after.category else None
    updated, started = assigned_with_deadlines(before, after, assigned, category, lookups.sla_policy())
    events = list(decision.events)
    events.insert(events.index(assigned) + 1, started)
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
    reports: ReportStore,
    directory: DirectoryReader,
    correlation_id: str,
    deadlines: SlaPolicy,
    recent: RecentReports | None = None,
) -> Decision:
    """`recent` may offer a copy read earlier (by the view before this action, typically): the action is
    decided and committed on it first, and only when that fails is the report read afresh."""
    lookups = StoreLookups(reports, directory, deadlines)
    copy = recent.recent(report_id) if recent else None
    done = _on_copy(principal, copy, action, reports, lookups, correlation_id) if copy else None
    if done is not None:
        return done
    for _ in range(SLA_RETRIES):
        report = ensure_visible(principal, reports.get(report_id), report_id)
        check(principal, report, action)  # a change people made since the read is a 409, as it must be
        decision = decide(report, action, lookups, principal.actor, correlation_id, datetime.now(UTC))
        try:
            reports.commit(decision.report, report.version, decision.events, expected_sla_rev=report.sla_rev)
        except Conflict:
            continue  # the SLA service booked a deadline meanwhile (same version): apply to the fresh read
        return decision
    raise Conflict("Phản ánh đang được cập nhật, vui lòng thử lại.", "The report is busy; please try again.")


def _on_copy(
    principal: Principal,
    copy: Report,
    action: Action,
    reports: ReportStore,
    lookups: StoreLookups,
    correlation_id: str,
) -> Decision | None:
    """The action decided on an earlier copy and committed conditionally on the copy's revisions, which
    every change bumps: committed means the copy was the report as stored, so the decision is the one a
    fresh read would have made. None on any refusal (a 403, 404, 409 or 422 decided on the copy) or a
    refused commit: the caller then reads the report afresh, so every answer but a success comes from a
    fresh read, as before."""
    try:
        ensure_visible(principal, copy, copy.id)
        check(principal, copy, action)
        decision = decide(copy, action, lookups, principal.actor, correlation_id, datetime.now(UTC))
        reports.commit(decision.report, copy.version, decision.events, expected_sla_rev=copy.sla_rev)
    except DomainError:
        return None
    return decision
