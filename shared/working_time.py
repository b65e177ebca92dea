"""Working time on the Vietnamese civil-service calendar. Plain functions: no AWS, no Lambda.

Monday–Friday, office hours 07:30–11:30 and 13:30–17:00 (Asia/Ho_Chi_Minh), minus public holidays from
the `holidays` package, minus extra days off the government announces (e.g. Tết bridge days), plus the
make-up working Saturdays it announces in exchange. The package already knows the swaps it lists (e.g.
"2026-08-31 Day off (substituted from 08/22/2026)"): the Monday is one of its holidays and the Saturday is
in its `weekend_workdays`, which this module reads (its API, not the label). Swaps the package does not
know yet come from configuration (`calendar_from`).

A deadline in working days ends at the close of office on the Nth working day after the day of
submission: the submission day never counts, whatever the hour.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import TYPE_CHECKING

from shared.timezone import VIETNAM

if TYPE_CHECKING:
    import holidays

TZ = VIETNAM
DEFAULT_SESSIONS: tuple[tuple[time, time], ...] = ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 0)))


@cache
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(_vietnam(year).keys())


@cache
def _weekend_workdays(year: int) -> frozenset[date]:
    """Saturdays worked in exchange for a bridge day off, as the `holidays` package records them."""
    return frozenset(d for d in _vietnam(year).weekend_workdays if d.year == year)


@cache
def _vietnam(year: int) -> holidays.HolidayBase:
    # Imported with the first date looked up: the package is ~10–15 ms of a cold import, paid otherwise by
    # functions that only carry a policy (the staff API's views, notify, public statistics, the sweep).
    import holidays

    return holidays.country_holidays("VN", years=year)


def load_holiday_calendar() -> None:
    """Imports the `holidays` package now: a function whose every invocation computes working time (the
    routing worker's assignments, the SLA clocks and statistics) pays for it with its init, not its first
    event."""
    import holidays  # noqa: F401


@dataclass(frozen=True)
class WorkCalendar:
    sessions: tuple[tuple[time, time], ...] = DEFAULT_SESSIONS
    extra_days_off: frozenset[date] = field(default_factory=frozenset)
    makeup_working_days: frozenset[date] = field(default_factory=frozenset)

    def is_working_day(self, day: date) -> bool:
        if day in self.makeup_working_days or day in _weekend_workdays(day.year):
            return True
        if day.weekday() >= 5 or day in self.extra_days_off:
            return False
        return day not in _public_holidays(day.year)

    def close_of(self, day: date) -> datetime:
        return datetime.combine(day, self.sessions[-1][1], TZ)

    def working_intervals(self, start: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Working intervals from `start` onwards (the first one clipped to start), forever."""
        day = start.astimezone(TZ).date()
        while True:
            if self.is_working_day(day):
                for opens, closes in self.sessions:
                    begin = max(datetime.combine(day, opens, TZ), start)
                    end = datetime.combine(day, closes, TZ)
                    if begin < end:
                        yield begin, end
            day += timedelta(days=1)


def _require_aware(*moments: datetime) -> None:
    if any(m.tzinfo is None for m in moments):
        raise ValueError("timezone-aware datetimes only")


def add_working_days(start: datetime, days: int, calendar: WorkCalendar | None = None) -> datetime:
    """Close of office on the `days`-th working day after the day of `start`."""
    _require_aware(start)
    if days < 1:
        raise ValueError("days must be at least 1")
    cal = calendar or WorkCalendar()
    day = start.astimezone(TZ).date()
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if cal.is_working_day(day):
            counted += 1
    return cal.close_of(day)


def add_working_hours(start: datetime, hours: float, calendar: WorkCalendar | None = None) -> datetime:
    """The instant when `hours` of office time have elapsed after `start`."""
    _require_aware(start)
    if hours < 0:
        raise ValueError("hours must not be negative")
    cal = calendar or WorkCalendar()
    left = timedelta(hours=hours)
    for begin, end in cal.working_intervals(start.astimezone(TZ)):
        if end - begin >= left:
            return begin + left
        left -= end - begin
    raise AssertionError("unreachable: working intervals never end")


def working_hours_between(a: datetime, b: datetime, calendar: WorkCalendar | None = None) -> float:
    """Office hours elapsed between a and b (negative when b is before a)."""
    _require_aware(a, b)
    if b < a:
        return -working_hours_between(b, a, calendar)
    cal = calendar or WorkCalendar()
    total = timedelta()
    for begin, end in cal.working_intervals(a.astimezone(TZ)):
        if begin >= b:
            break
        total += min(end, b) - begin
    return total.total_seconds() / 3600


def calendar_from(
    extra_days_off: Iterable[date] = (),
    makeup_working_days: Iterable[date] = (),
    sessions: tuple[tuple[time, time], ...] = DEFAULT_SESSIONS,
) -> WorkCalendar:
    return WorkCalendar(
        sessions=sessions,
        extra_days_off=frozenset(extra_days_off),
        makeup_working_days=frozenset(makeup_working_days),
    )


def parse_sessions(text: str) -> tuple[tuple[time, time], ...]:
    """ "07:30-11:30,13:30-17:00" → the office sessions, in order, not overlapping."""
    sessions: list[tuple[time, time]] = []
    for part in text.split(","):
        opens, _, closes = part.strip().partition("-")
        begin, end = time.fromisoformat(opens.strip()), time.fromisoformat(closes.strip())
        if begin >= end or (sessions and begin < sessions[-1][1]):
            raise ValueError(f"office hours must be ordered, non-overlapping sessions: {text!r}")
        sessions.append((begin, end))
    if not sessions:
        raise ValueError("office hours: at least one session")
    return tuple(sessions)


def working_day_hours(calendar: WorkCalendar | None = None) -> float:
    """Office hours in one working day (7.5 with the default sessions)."""
    cal = calendar or WorkCalendar()
    return sum(
        (datetime.combine(date.min, end) - datetime.combine(date.min, begin)).total_seconds() / 3600
        for begin, end in cal.sessions
    )
