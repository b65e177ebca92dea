"""The deadlines an assignment sets (accept and answer), as pure functions of the report, the assignment and
the SLA policy (shared/sla_policy.py).

Whoever assigns a report (the routing worker, an operator's assign or classify) sets them in the same
commit, recorded as the SLA worker records an event it applied, and announces them with Sla.Started: the
agency's email, which states them, then leaves with Report.Assigned and waits for no other worker. The SLA
service keeps every later move of the clocks (services/sla/logic/clocks.py).
"""

from __future__ import annotations

from datetime import datetime

from shared import sla_policy as policy
from shared.clock_due import ACCEPT, ANSWER, next_check
from shared.events import EventType, ReportEvent
from shared.ids import deterministic_event_id
from shared.models import Category, Clock, Report
from shared.sla_policy import SlaPolicy

KEEP_EVENT_IDS = 20  # a redelivery comes within minutes; 20 ids cover every event of a typical report
SLA_SOURCE = "phananh.sla"
SLA_ACTOR = "system:sla"
# Who assigns (the routing worker and the staff API): the source of a Sla.Started committed with its
# assignment, which notify then knows the assignment itself announced.
ASSIGNER_SOURCE = "phananh.routing"
DEADLINES = ("accept_due_at", "answer_due_at")  # what an assignment's events say it set


def new_clock(start: datetime, due: datetime, rules: SlaPolicy) -> Clock:
    """A clock due at `due`; when to warn and escalate come from the policy (shared/sla_policy.py)."""
    return Clock(
        due_at=due, warn_at=policy.warn_at(start, due, rules), escalate_at=policy.escalate_at(due, rules)
    )


def mirrored(report: Report, clocks: dict[str, Clock], **changes: object) -> Report:
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
    return mirrored(report, clocks)


def recorded(report: Report, event: ReportEvent, watermark: datetime | None) -> Report:
    """The SLA bookkeeping of an applied (or stale) event: its id kept against a redelivery, the time of
    the last clock event (older ones are stale) and the revision the SLA worker's commits are conditional
    on."""
    return report.model_copy(
        update={
            "sla_events": [*report.sla_events, event.event_id][-KEEP_EVENT_IDS:],
            "sla_clock_at": watermark,
            "sla_rev": report.sla_rev + 1,
        }
    )


def follow_up(
    kind: EventType, report: Report, cause: ReportEvent, data: dict[str, object], source: str = SLA_SOURCE
) -> ReportEvent:
    """An SLA event emitted because of `cause`: its id derives from the cause's, so a repeated cause
    announces the same fact once, whoever emits it."""
    return ReportEvent(
        type=kind,
        source=source,
        event_id=deterministic_event_id(cause.event_id, kind.value),
        report_id=report.id,
        occurred_at=cause.occurred_at,
        actor=SLA_ACTOR,
        correlation_id=cause.correlation_id,
        data=data,
    )


def deadlines_set(report: Report, assigned: ReportEvent, source: str = SLA_SOURCE) -> ReportEvent:
    """Sla.Started: the deadlines this assignment set, so the agency is told them with the assignment."""
    return follow_up(
        EventType.SLA_STARTED,
        report,
        assigned,
        {
            **assigned.data,
            "assigned_event_id": assigned.event_id,
            "accept_due_at": report.accept_due_at.isoformat() if report.accept_due_at else None,
            "answer_due_at": report.answer_due_at.isoformat() if report.answer_due_at else None,
        },
        source,
    )


def committed_with_assignment(event: ReportEvent) -> bool:
    """A Sla.Started its assigner emitted in the assignment's commit: Report.Assigned, from the same commit,
    carries everything it would tell (the deadlines are on the report; the statistics change is the same)."""
    return event.type is EventType.SLA_STARTED and event.source == ASSIGNER_SOURCE


def _send_back_unseen(before: Report) -> bool:
    """An accept clock on a report without an agency: it was sent back and the SLA worker has not cleared
    its clocks yet (it will find that send-back older than this assignment, hence stale)."""
    return before.agency_id is None and ACCEPT in before.clocks


def assigned_with_deadlines(
    before: Report,
    after: Report,
    assigned: ReportEvent,
    category: Category | None,
    rules: SlaPolicy,
) -> tuple[Report, ReportEvent]:
    """`after` (the report as the assignment leaves it, `before` as read) with the assignment's deadlines
    set and recorded as applied, so the SLA worker finds Report.Assigned done; and the Sla.Started that
    announces them, emitted by the assigner in the same commit."""
    report = after
    if _send_back_unseen(before):
        report = mirrored(report, {}, paused_at=None, sla_sent_back_at=assigned.occurred_at)
    report = on_assigned(report, assigned, category, rules)
    watermark = max(filter(None, (report.sla_clock_at, assigned.occurred_at)))
    report = recorded(report, assigned, watermark)
    started = deadlines_set(report, assigned, ASSIGNER_SOURCE)
    # The caller commits this very event object: it then says on the bus that its own commit set the
    # deadlines, and the SLA worker skips it without reading the report (deadlines, not contact details).
    assigned.data.update({k: started.data[k] for k in DEADLINES})
    return report, started


def deadlines_committed(event: ReportEvent) -> bool:
    """A Report.Assigned whose own commit set the deadlines and recorded it as applied (it carries them):
    there is nothing left for the SLA worker to do, and no need to read the report to know it."""
    return event.type is EventType.ASSIGNED and all(event.data.get(k) for k in DEADLINES)
