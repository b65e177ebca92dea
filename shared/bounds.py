"""Bounds every input of the APIs shares: dates within the years a report can concern, whole numbers in
ASCII digits, and how deep a JSON body may nest.

Dates at the edges of the calendar (`0001-01-01`, `9999-12-31`) are valid for pydantic and `datetime`, but
the first window or timezone arithmetic on them overflows; Unicode digits (`²`, `٣`) pass `str.isdigit`
but not `int()`. Both are refused at the door with a 4xx, the same way on every route.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)
DATE_RANGE = f"between {EARLIEST.date().isoformat()} and {LATEST.date().isoformat()}"
MAX_JSON_DEPTH = 20
DIGITS = re.compile(r"[0-9]{1,18}")
DECIMAL = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,15})?")


def moment_in_bounds(moment: datetime) -> bool:
    """Whether a moment lies in the bounded calendar (a naive one is read as UTC for this check)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return EARLIEST <= aware <= LATEST


def _bounded_datetime(moment: datetime) -> datetime:
    if not moment_in_bounds(moment):
        raise ValueError(f"must be {DATE_RANGE}")
    return moment


def is_ascii_whole_number(text: str) -> bool:
    return DIGITS.fullmatch(text) is not None


def is_ascii_decimal(text: str) -> bool:
    """A decimal number as a person writes it in ASCII: float() would also take 'nan', 'inf', '1e9', '1_0'
    and other scripts' digits."""
    return DECIMAL.fullmatch(text.strip()) is not None


def _ascii_digits(value: object) -> object:
    # pydantic's lax mode also reads "+5", " 12", "1_0" and "12.0" as whole numbers; a query string's number
    # is written in ASCII digits and nothing else.
    if isinstance(value, str) and not is_ascii_whole_number(value):
        raise ValueError("must be a whole number written with the digits 0-9")
    return value


BoundedDateTime = Annotated[datetime, AfterValidator(_bounded_datetime)]
AsciiInt = Annotated[int, BeforeValidator(_ascii_digits)]


def json_depth_exceeds(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether a JSON text nests arrays/objects deeper than `limit` (brackets inside strings don't count).

    Hand-written because the json module has no depth limit: it recurses until RecursionError, and pydantic
    re-walks whatever it returns. This scan runs over the bracket characters only, before any parsing.
    """
    depth = 0
    for match in _BRACKET_OR_STRING.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > limit:
                return True
        elif token in ("]", "}"):
            depth -= 1
    return False


# A JSON string (escapes included), or one bracket. Strings are matched whole so brackets in them are skipped.
_BRACKET_OR_STRING = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]', re.DOTALL)
