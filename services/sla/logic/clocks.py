"""The SLA clocks of one report (accept and answer), as pure functions of the report, an event and the
policy: the deadline rules the README summarises live in the docstrings below."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.sla.logic import policy
from services.sla.logic.policy import SlaPolicy
from shared.events import EventType, ReportEvent
from shared.models import Category, Clock, Report, Status
from shared.status import is_open
from shared.working_time import add_working_hours, working_hours_between

ACCEPT = "accept"
ANSWER = "answer"
KEEP_EVENT_IDS = 20  # a redelivery comes within minutes; 20 ids cover every event of a typical report


def new_clock(start: datetime, due: datetime, rules: SlaPolicy) -> Clock:
    """A clock due at `due`; when to warn and escalate come from the policy (policy.py)."""
    return Clock(
        due_at=due, warn_at=policy.warn_at(start, due, rules), escalate_at=policy.escalate_at(due, rules)
    )


def running(report: Report, kind: str) -> bool:
    """Does this clock still count? accept while the report is `assigned`, answer while it is open, neither
    while waiting for the reporter. Derived from the status, so an event the SLA worker has not seen yet
    (e.g. the agency accepted a minute ago) already stops the sweep from warning about it."""
    if kind not in report.clocks or report.paused_at is not None:
        return False
    if kind == ACCEPT:
        return report.status is Status.ASSIGNED
    return is_open(report.status)


def next_check(report: Report) -> datetime | None:
    """The earliest instant at which the sweep owes this report something (None: nothing more)."""
    instants: list[datetime] = []
    for kind, clock in report.clocks.items():
        if not running(report, kind):
            continue
        if clock.breached_at is None:
            instants.append(clock.due_at if clock.warned else min(clock.warn_at, clock.due_at))
        elif clock.escalated_at is None:
            instants.append(clock.escalate_at)
    return min(instants, default=None)


def _mirrored(report: Report, clocks: dict[str, Clock], **changes: object) -> Report:
    """The report with these clocks, their mirror fields and the sweep's next instant."""
    accept, answer = clocks.get(ACCEPT), clocks.get(ANSWER)
    updated = report.model_copy(
        update={
            "clocks": clocks,
            "accept_due_at": accept.due_at if accept else None,
            "answer_due_at": answer.due_at if answer else None,
            "breached_at": answer.breached_at if answer else None,
            **changes,
        }
    )
    return updated.model_copy(update={"sla_next_at": next_check(updated)})


@dataclass(frozen=True)
class Owed:
    """An SLA event the sweep owes for one clock."""

    type: EventType
    kind: str
    clock: Clock


def owed(report: Report, now: datetime) -> tuple[Report, list[Owed]]:
    """What the sweep must emit at `now`, and the report with those steps recorded.

    Once each per running clock: Sla.Warning at `warn_at`, Sla.Breached at `due_at`, Sla.Escalated at
    `escalate_at`. A sweep that comes late emits what is owed in order, but no warning once past due.
    """
    clocks = dict(report.clocks)
    found: list[Owed] = []
    for kind in (ACCEPT, ANSWER):
        if not running(report, kind):
            continue
        clock = clocks[kind]
        if not clock.warned and clock.warn_at <= now:
            clock = clock.model_copy(update={"warned": True})
            if clock.due_at > now:
                found.append(Owed(EventType.SLA_WARNING, kind, clock))
        if clock.breached_at is None and clock.due_at <= now:
            clock = clock.model_copy(update={"breached_at": now, "warned": True})
            found.append(Owed(EventType.SLA_BREACHED, kind, clock))
        if clock.breached_at is not None and clock.escalated_at is None and clock.escalate_at <= now:
            clock = clock.model_copy(update={"escalated_at": now})
            found.append(Owed(EventType.SLA_ESCALATED, kind, clock))
        clocks[kind] = clock
    return _mirrored(report, clocks), found


# --- the SLA worker's events ---------------------------------------------------------------------------


def on_assigned(report: Report, event: ReportEvent, category: Category | None, rules: SlaPolicy) -> Report:
    """Accept within the category's working hours of this assignment; answer by the Nth working day after
    submission (after this assignment if the report was sent back). A re-assignment without a send-back
    restarts only the accept clock: the citizen's answer clock keeps running."""
    terms = policy.deadlines_for(category, policy.effective_urgency(report, category), rules)
    at = event.occurred_at
    clocks = dict(report.clocks)
    clocks[ACCEPT] = new_clock(at, policy.accept_due(at, terms, rules), rules)
    if ANSWER not in clocks:
        start = at if report.sla_sent_back_at is not None else report.created_at
        clocks[ANSWER] = new_clock(start, policy.answer_due(start, terms, rules), rules)
    return _mirrored(report, clocks)


def on_sent_back(report: Report, event: ReportEvent) -> Report:
    """Not our competence, back to triage: no clocks until the next assignment starts both afresh."""
    return _mirrored(report, {}, paused_at=None, sla_sent_back_at=event.occurred_at)


def on_reopened(report: Report, event: ReportEvent, category: Category | None, rules: SlaPolicy) -> Report:
    """A fresh answer clock from the re-opening; nothing to accept."""
    terms = policy.deadlines_for(category, policy.effective_urgency(report, category), rules)
    at = event.occurred_at
    clocks = {k: v for k, v in report.clocks.items() if k != ANSWER}
    clocks[ANSWER] = new_clock(at, policy.answer_due(at, terms, rules), rules)
    return _mirrored(report, clocks, paused_at=None)


def on_progress(report: Report, event: ReportEvent, rules: SlaPolicy) -> Report:
    """Waiting for the reporter stops every clock; the next progress note without it restarts them."""
    waiting = bool(event.data.get("waiting_for_reporter"))
    if waiting and report.paused_at is None:
        return _mirrored(report, dict(report.clocks), paused_at=event.occurred_at)
    if not waiting and report.paused_at is not None:
        return resumed(report, event.occurred_at, rules)
    return _mirrored(report, dict(report.clocks))


def resumed(report: Report, at: datetime, rules: SlaPolicy) -> Report:
    """Every instant still ahead moves later by the working time spent waiting; a breach stays a breach."""
    if report.paused_at is None:
        return report
    cal = rules.calendar
    paused = report.paused_at
    waited = max(0.0, working_hours_between(paused, at, cal))

    def later(instant: datetime) -> datetime:
        return add_working_hours(instant, waited, cal) if instant > paused else instant

    clocks = {}
    for kind, clock in report.clocks.items():
        clocks[kind] = clock.model_copy(
            update={
                "warn_at": clock.warn_at if clock.warned else later(clock.warn_at),
                "due_at": clock.due_at if clock.breached_at else later(clock.due_at),
                "escalate_at": clock.escalate_at if clock.escalated_at else later(clock.escalate_at),
            }
        )
    return _mirrored(report, clocks, paused_at=None)


def refreshed(report: Report) -> Report:
    """Accepted, resolved, closed...: the status already says which clocks stopped; recompute the next
    instant (a stopped clock leaves the index, a re-opened report comes back through Reopened)."""
    return _mirrored(
        report, dict(report.clocks), paused_at=None if not is_open(report.status) else report.paused_at
    )
