"""The statistics basis a commit leaves, computed where every report change is written (the repository and
the fakes), so no writer has to think about statistics and the projection needs no read."""

from __future__ import annotations

from collections.abc import Sequence

from shared.events import EventType, ReportEvent
from shared.models import Report
from shared.stats_basis import StatsBasis, StatsChange

# The events the statistics projection hears (infra/topology.py's "report-events-to-stats" rule, pinned
# equal by a test). A commit with none of them leaves the basis as it was: its change, if any, is counted
# with the report's next counted commit, which carries the basis from the last one counted.
COUNTED = frozenset(
    {
        EventType.SUBMITTED,
        EventType.ASSIGNED,
        EventType.NEEDS_TRIAGE,
        EventType.ACCEPTED,
        EventType.PROGRESS_NOTED,
        EventType.SENT_BACK,
        EventType.RESOLVED,
        EventType.CLOSED,
        EventType.REJECTED,
        EventType.MERGED,
        EventType.RATED,
        EventType.REOPENED,
        EventType.SLA_STARTED,
        EventType.SLA_WARNING,
        EventType.SLA_BREACHED,
        EventType.SLA_ESCALATED,
        EventType.SLA_RESTATED,
    }
)


def folded(basis: StatsBasis, event: ReportEvent) -> StatsBasis:
    """What one event tells that the report item does not; merging is order-independent."""
    if event.type is EventType.ASSIGNED:
        return basis.model_copy(update={"assigned": True})
    if event.type is EventType.RESOLVED and (
        basis.resolved_at is None or event.occurred_at > basis.resolved_at
    ):
        return basis.model_copy(update={"resolved_at": event.occurred_at})
    if event.type is EventType.RATED and (basis.rated_at is None or event.occurred_at > basis.rated_at):
        score = event.data.get("score")
        return basis.model_copy(
            update={
                "rated_at": event.occurred_at,
                "satisfied": bool(event.data.get("satisfied")),
                "score": score if isinstance(score, int) and 1 <= score <= 5 else None,
            }
        )
    return basis


def basis_of(report: Report, events: Sequence[ReportEvent], previous: StatsBasis | None = None) -> StatsBasis:
    """The report's basis after `events`, starting from what `previous` had gathered of the earlier ones."""
    basis = StatsBasis(
        seq=(previous.seq if previous else 0) + 1,
        created_at=report.created_at,
        status=report.status.value,
        agency_id=report.agency_id,
        category=report.category,
        area_code=report.location.area_code,
        answer_due_at=report.answer_due_at,
        breached=any(clock.breached_at for clock in report.clocks.values()),
    )
    if previous:
        basis = basis.model_copy(
            update=previous.model_dump(include={"assigned", "resolved_at", "rated_at", "satisfied", "score"})
        )
    for event in events:
        basis = folded(basis, event)
    return basis


def counted(events: Sequence[ReportEvent]) -> bool:
    return any(event.type in COUNTED for event in events)


def stamped(report: Report, events: Sequence[ReportEvent]) -> Report:
    """The report as this commit must store it, with the basis it leaves; each event is given the change
    in place, so the events the writer publishes are the ones stored. Unchanged when no event is counted."""
    if not counted(events):
        return report
    change = StatsChange(before=report.stats_basis, after=basis_of(report, events, report.stats_basis))
    for event in events:
        event.stats = change
    return report.model_copy(update={"stats_basis": change.after})
