"""The SLA policy: which calendar, how long per category and urgency, when to warn and escalate. Built
from settings the handler passes in, so a province changes them without a code change. Pure: the SLA
service keeps the clocks, and whoever assigns a report sets its deadlines with the same rules
(shared/assignment_clock.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from pydantic import BaseModel

from shared.models import Category, DeadlinePolicy, Report, Urgency
from shared.working_time import (
    WorkCalendar,
    add_working_days,
    add_working_hours,
    calendar_from,
    parse_sessions,
    working_day_hours,
    working_hours_between,
)


class SlaSettings(BaseModel):
    """What the deadline rules need from configuration; the handlers build it (defaults as shared config)."""

    office_hours: str = "07:30-11:30,13:30-17:00"
    extra_days_off: list[date] = []
    makeup_working_days: list[date] = []
    accept_hours_default: float = 8
    answer_days_default: int = 6
    sla_warning_fraction: float = 0.25  # warn when this share of the allowance is left (or 1 day, if less)
    sla_escalate_after_days: float = 2  # escalate to the leaders this many working days after a breach


@dataclass(frozen=True)
class SlaPolicy:
    """The working-time calendar and the province-wide SLA parameters."""

    calendar: WorkCalendar
    accept_hours_default: float
    answer_days_default: int
    warning_fraction: float
    escalate_after_days: float


def policy_from(settings: SlaSettings) -> SlaPolicy:
    return SlaPolicy(
        calendar=calendar_from(
            extra_days_off=settings.extra_days_off,
            makeup_working_days=settings.makeup_working_days,
            sessions=parse_sessions(settings.office_hours),
        ),
        accept_hours_default=settings.accept_hours_default,
        answer_days_default=settings.answer_days_default,
        warning_fraction=settings.sla_warning_fraction,
        escalate_after_days=settings.sla_escalate_after_days,
    )


def effective_urgency(report: Report, category: Category | None) -> Urgency:
    """A report keeps an urgency set on it; one left at `normal` takes its category's default."""
    if report.urgency is not Urgency.NORMAL or category is None:
        return report.urgency
    return category.default_urgency


def deadlines_for(category: Category | None, urgency: Urgency, policy: SlaPolicy) -> DeadlinePolicy:
    if category is not None and urgency in category.deadlines:
        return category.deadlines[urgency]
    days = category.answer_days if category is not None else policy.answer_days_default
    return DeadlinePolicy(accept_hours=policy.accept_hours_default, answer_days=days)


def warn_at(start: datetime, due: datetime, policy: SlaPolicy) -> datetime:
    """When 1 working day or `warning_fraction` of the allowance is left, whichever is less."""
    cal = policy.calendar
    allowance = working_hours_between(start, due, cal)
    lead = min(working_day_hours(cal), policy.warning_fraction * allowance)
    return add_working_hours(start, max(0.0, allowance - lead), cal)


def escalate_at(due: datetime, policy: SlaPolicy) -> datetime:
    cal = policy.calendar
    return add_working_hours(due, policy.escalate_after_days * working_day_hours(cal), cal)


def accept_due(start: datetime, terms: DeadlinePolicy, policy: SlaPolicy) -> datetime:
    return add_working_hours(start, terms.accept_hours, policy.calendar)


def answer_due(start: datetime, terms: DeadlinePolicy, policy: SlaPolicy) -> datetime:
    return add_working_days(start, terms.answer_days, policy.calendar)
