"""Key conditions shared by the indexes sorted on `created_at` (`feed`, `by_status`)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from boto3.dynamodb.conditions import Key


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def created_between(condition: Any, since: datetime | None, until: datetime | None) -> Any:
    """The partition condition narrowed to reports created in [since, until]."""
    if since and until:
        return condition & Key("created_at").between(iso(since), iso(until))
    if since:
        return condition & Key("created_at").gte(iso(since))
    if until:
        return condition & Key("created_at").lte(iso(until))
    return condition
