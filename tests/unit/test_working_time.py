from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.working_time import (
    TZ,
    WorkCalendar,
    add_working_days,
    add_working_hours,
    calendar_from,
    working_hours_between,
)


def at(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=TZ)


def close(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 17, 0, tzinfo=TZ)


def test_six_working_days_skip_the_weekend() -> None:
    # Monday 2026-11-16 → Tue..Fri (4) + Mon 23 (5) + Tue 24 is Vietnam Cultural Day → Wed 25 (6)
    assert add_working_days(at(2026, 11, 16), 6) == close(2026, 11, 25)


def test_the_day_of_submission_never_counts_whatever_the_hour() -> None:
    early = add_working_days(at(2026, 10, 5, 6, 0), 1)
    late = add_working_days(at(2026, 10, 5, 23, 50), 1)
    assert early == late == close(2026, 10, 6)


def test_a_friday_evening_report_is_due_next_week() -> None:
    assert add_working_days(at(2026, 10, 9, 20, 0), 1) == close(2026, 10, 12)


def test_tet_2026_is_skipped() -> None:
    # Tết 2026: Mon 16 Feb .. Fri 20 Feb are all holidays.
    assert add_working_days(at(2026, 2, 13), 1) == close(2026, 2, 23)
    assert add_working_days(at(2026, 2, 12), 6) == close(2026, 2, 27)  # 13, 23, 24, 25, 26, 27


def test_tet_2027_is_skipped() -> None:
    # Tết 2027: Thu 4 Feb .. Wed 10 Feb.
    assert add_working_days(at(2027, 2, 3), 1) == close(2027, 2, 11)


def test_hung_kings_day_observed_on_monday_2026() -> None:
    # 10/3 lunar falls on Sunday 26 April 2026; Monday 27 is the day off, then 30/4 and 1/5.
    assert add_working_days(at(2026, 4, 24), 1) == close(2026, 4, 28)
    assert add_working_days(at(2026, 4, 28), 2) == close(2026, 5, 4)


def test_make_up_saturday_and_extra_day_off() -> None:
    calendar = calendar_from(extra_days_off=[date(2026, 12, 31)], makeup_working_days=[date(2026, 12, 26)])
    assert calendar.is_working_day(date(2026, 12, 26))
    assert not calendar.is_working_day(date(2026, 12, 31))
    # Thu 24 Dec: Fri 25 (1), Sat 26 make-up (2), Mon 28 (3), Tue 29 (4), Wed 30 (5),
    # Thu 31 off, Fri 1 Jan holiday → Mon 4 Jan (6)
    assert add_working_days(at(2026, 12, 24), 6, calendar) == close(2027, 1, 4)


def test_working_hours_follow_office_sessions() -> None:
    # 8 working hours from Monday 10:00: 1.5 h till 11:30, 3.5 h afternoon, 3 h on Tuesday from 07:30.
    assert add_working_hours(at(2026, 10, 5, 10, 0), 8) == at(2026, 10, 6, 10, 30)
    # Lunch break does not count.
    assert working_hours_between(at(2026, 10, 5, 11, 0), at(2026, 10, 5, 14, 0)) == pytest.approx(1.0)


def test_start_outside_office_hours_starts_at_the_next_opening() -> None:
    assert add_working_hours(at(2026, 10, 10, 12, 0), 1) == at(2026, 10, 12, 8, 30)  # Saturday noon


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        add_working_days(datetime(2026, 10, 5, 9, 0), 1)


instants = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 1), timezones=st.just(TZ)
)


@given(start=instants, hours=st.floats(min_value=0, max_value=200, allow_nan=False))
def test_working_time_between_inverts_addition(start: datetime, hours: float) -> None:
    end = add_working_hours(start, hours)
    assert working_hours_between(start, end) == pytest.approx(hours, abs=1e-6)


@given(start=instants, a=st.integers(1, 30), b=st.integers(1, 30))
def test_more_days_never_end_earlier(start: datetime, a: int, b: int) -> None:
    lo, hi = sorted((a, b))
    assert add_working_days(start, lo) <= add_working_days(start, hi)
    assert add_working_days(start, lo) - start >= timedelta(hours=1)


def test_default_calendar_is_monday_to_friday() -> None:
    cal = WorkCalendar()
    assert cal.is_working_day(date(2026, 10, 5))
    assert not cal.is_working_day(date(2026, 10, 10))
    assert not cal.is_working_day(date(2026, 9, 2))


def test_the_packages_own_make_up_saturday_is_a_working_day() -> None:
    # 2026: Monday 31 Aug is a bridge day off, worked back on Saturday 22 Aug (the package lists the swap).
    cal = WorkCalendar()
    assert cal.is_working_day(date(2026, 8, 22))
    assert not cal.is_working_day(date(2026, 8, 31))
    assert not cal.is_working_day(date(2026, 8, 29))  # an ordinary Saturday stays off
    # Fri 21 Aug + 1 working day → the make-up Saturday 22 Aug closes at 17:00.
    assert add_working_days(at(2026, 8, 21), 1) == close(2026, 8, 22)
    # Fri 28 Aug + 1 → Mon 31 is off, Tue 1 and Wed 2 Sep are National Day → Thu 3 Sep.
    assert add_working_days(at(2026, 8, 28), 1) == close(2026, 9, 3)


def test_labour_day_2027_on_a_saturday_is_observed_on_monday() -> None:
    assert add_working_days(at(2027, 4, 29), 1) == close(2027, 5, 4)  # Fri 30/4, Sat 1/5 → Mon 3 off


def test_office_hours_are_configurable() -> None:
    from shared.working_time import parse_sessions, working_day_hours

    cal = calendar_from(sessions=parse_sessions("08:00-12:00, 13:00-17:00"))
    assert working_day_hours(cal) == 8.0
    assert working_day_hours() == 7.5
    assert add_working_hours(at(2026, 10, 5, 11, 0), 2, cal) == at(2026, 10, 5, 14, 0)
    assert add_working_days(at(2026, 10, 5), 1, cal) == close(2026, 10, 6)


@pytest.mark.parametrize("text", ["", "17:00-07:30", "07:30-11:30,11:00-17:00", "nine-five"])
def test_bad_office_hours_are_refused(text: str) -> None:
    from shared.working_time import parse_sessions

    with pytest.raises(ValueError, match=r"."):
        parse_sessions(text)


def test_office_hour_edges() -> None:
    # Exactly at opening, exactly at the lunch break, exactly at closing.
    assert add_working_hours(at(2026, 10, 5, 7, 30), 4) == at(2026, 10, 5, 11, 30)
    assert add_working_hours(at(2026, 10, 5, 11, 30), 0.5) == at(2026, 10, 5, 14, 0)
    assert add_working_hours(at(2026, 10, 5, 17, 0), 0.5) == at(2026, 10, 6, 8, 0)
    assert working_hours_between(at(2026, 10, 5, 7, 30), at(2026, 10, 5, 17, 0)) == pytest.approx(7.5)
    assert working_hours_between(at(2026, 10, 9, 17, 0), at(2026, 10, 12, 7, 30)) == 0  # the weekend


@given(start=instants, a=st.floats(0, 100, allow_nan=False), b=st.floats(0, 100, allow_nan=False))
def test_adding_working_hours_is_monotonic(start: datetime, a: float, b: float) -> None:
    lo, hi = sorted((a, b))
    assert add_working_hours(start, lo) <= add_working_hours(start, hi)
