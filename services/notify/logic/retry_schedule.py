"""When a failed webhook delivery is tried again: about 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 24 h, or later
when the receiver's `Retry-After` asks for longer (up to a day)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

from shared.bounds import is_ascii_whole_number

RETRY_DELAYS = (
    timedelta(seconds=5),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    timedelta(hours=10),
    timedelta(hours=24),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1  # the first attempt, then one per delay
# Each delay is stretched by up to 20 % so deliveries that failed together (an agency's server was down)
# do not all come back in the same second.
JITTER = 0.2
LONGEST_RETRY_AFTER = timedelta(hours=24)


def retry_after(value: str | None, now: datetime) -> timedelta | None:
    """`Retry-After` as seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if is_ascii_whole_number(value):
        return timedelta(seconds=min(int(value), int(LONGEST_RETRY_AFTER.total_seconds())))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return min(max(when - now, timedelta(0)), LONGEST_RETRY_AFTER)


def next_delay(
    attempts_made: int, asked: timedelta | None = None, rng: random.Random | None = None
) -> timedelta | None:
    """How long to wait before the next attempt, or None when the attempts are exhausted."""
    if attempts_made < 1 or attempts_made >= MAX_ATTEMPTS:
        return None
    base = RETRY_DELAYS[attempts_made - 1]
    jittered = base * (1 + (rng or random).uniform(0, JITTER))  # jitter, not a secret
    return max(jittered, asked) if asked else jittered
