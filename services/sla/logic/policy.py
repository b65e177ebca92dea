"""The SLA policy: which calendar, how long per category and urgency, when to warn and escalate.

Read from settings (environment) so a province changes its office hours, its Tết bridge days or its
escalation delay without a code change; categories carry their own deadlines per urgency.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache

from shared.config import get_settings
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


@cache
def calendar() -> WorkCalendar:
    settings = get_settings()
    return calendar_from(
        extra_days_off=settings.extra_days_off,
        makeup_working_days=settings.makeup_working_days,
        sessions=parse_sessions(settings.office_hours),
    )


def effective_urgency(report: Report, category: Category | None) -> Urgency:
    """A report keeps an urgency set on it; one left at `normal` takes its category's default."""
    if report.urgency is not Urgency.NORMAL or category is None:
        return report.urgency
    return category.default_urgency


def deadlines_for(category: Category | None, urgency: Urgency) -> DeadlinePolicy:
    if category is not None and urgency in category.deadlines:
        return category.deadlines[urgency]
    settings = get_settings()
    days = category.answer_days if category is not None else settings.answer_days_default
    return DeadlinePolicy(accept_hours=settings.accept_hours_default, answer_days=days)


def warn_at(start: datetime, due: datetime) -> datetime:
    """When 1 working day or `sla_warning_fraction` of the allowance is left, whichever is less."""
    cal = calendar()
    allowance = working_hours_between(start, due, cal)
    lead = min(working_day_hours(cal), get_settings().sla_warning_fraction * allowance)
    return add_working_hours(start, max(0.0, allowance - lead), cal)


def escalate_at(due: datetime) -> datetime:
    cal = calendar()
    return add_working_hours(due, get_settings().sla_escalate_after_days * working_day_hours(cal), cal)


def accept_due(start: datetime, policy: DeadlinePolicy) -> datetime:
    return add_working_hours(start, policy.accept_hours, calendar())


def answer_due(start: datetime, policy: DeadlinePolicy) -> datetime:
    return add_working_days(start, policy.answer_days, calendar())


def reset() -> None:
    """Tests change settings; the calendar follows."""
    calendar.cache_clear()
