"""Agency or triage: the one rule both the routing worker and an operator's `classify` apply.

A category with a rule for the report's area (or a province-wide one) goes to that agency; anything else
goes to triage for a person to decide, never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.routing.logic.ports import RoutingRules
from shared.events import EventType
from shared.models import Status

NO_RULE = "no_rule"  # a category, but no agency for it here
LOW_CONFIDENCE = "low_confidence"  # no category: the text classifier was not sure


@dataclass(frozen=True)
class Decision:
    agency_id: str | None
    status: Status
    event_type: EventType
    reason: str | None  # why triage; None when assigned


def decide(category: str | None, area_code: str | None, rules: RoutingRules) -> Decision:
    agency_id = rules.agency_for(category, area_code) if category else None
    if agency_id:
        return Decision(agency_id, Status.ASSIGNED, EventType.ASSIGNED, None)
    reason = NO_RULE if category else LOW_CONFIDENCE
    return Decision(None, Status.TRIAGE, EventType.NEEDS_TRIAGE, reason)
