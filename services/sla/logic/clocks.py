"""The SLA clocks of one report (accept and answer), as pure functions of the report, an event and the
policy: the deadline rules the README summarises live in the docstrings below and, for the deadlines an
assignment sets, in shared/assignment_clock.py (whoever assigns sets them in the same commit)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from shared.assignment_clock import mirrored, new_clock
from shared.clock_due import ACCEPT, ANSWER, running
from shared.events import EventType, ReportEvent
from shared.models import Category, Clock, Report
from shared.sla_policy import SlaPolicy, answer_due, deadlines_for, effective_urgency
from shared.working_time import add_working_hours, working_hours_between


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
    return mirrored(report, clocks), found


# --- the SLA worker's events (the assignment's are in shared/assignment_clock.py) ----------------------


def on_sent_back(report: Report, event: ReportEvent) -> Report:
    """Not our competence, back to triage: no clocks until the next assignment starts both afresh."""
    return mirrored(report, {}, paused_at=None, sla_sent_back_at=event.occurred_at)


def on_reopened(report: Report, event: ReportEvent, category: Category | None, rules: SlaPolicy) -> Report:
    """A fresh answer clock from the re-opening; nothing to accept."""
    terms = deadlines_for(category, effective_urgency(report, category), rules)
    at = event.occurred_at
    clocks = {k: v for k, v in report.clocks.items() if k != ANSWER}
    clocks[ANSWER] = new_clock(at, answer_due(at, terms, rules), rules)
    return mirrored(report, clocks, paused_at=None)


def on_progress(report: Report, event: ReportEvent, rules: SlaPolicy) -> Report:
    """Waiting for the reporter stops every clock; the next progress note without it restarts them."""
    waiting = bool(event.data.get("waiting_for_reporter"))
    if waiting and report.paused_at is None:
        return mirrored(report, dict(report.clocks), paused_at=event.occurred_at)
    if not waiting and report.paused_at is not None:
        return resumed(report, event.occurred_at, rules)
    return mirrored(report, dict(report.clocks))


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
    return mirrored(report, clocks, paused_at=None)
