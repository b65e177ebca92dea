"""Duplicate hints: open reports of the same category within ~100 m in the last 14 days.

Candidates come from the sparse `nearby` index (`dal/nearby_index.py`), never a Scan; they are measured
here. These are hints for the operator, who decides whether to merge.
"""

from __future__ import annotations

from datetime import timedelta

from services.routing.logic.distance import distance_m
from services.routing.logic.ports import NearbyReports
from shared.models import Report
from shared.status import is_open

RADIUS_M = 100.0
WINDOW = timedelta(days=14)
MAX_HINTS = 10


def possible_duplicates(report: Report, nearby: NearbyReports) -> list[str]:
    lat, lon = report.location.lat, report.location.lon
    if not report.category or lat is None or lon is None:
        return []  # nothing to compare without a point (an address-only Open311 request)

    def distance(other: Report) -> float:
        o = other.location
        return distance_m(lat, lon, o.lat, o.lon) if o.lat is not None and o.lon is not None else float("inf")

    near = [
        other
        for other in nearby.around(report.category, lat, lon, report.created_at - WINDOW)
        if other.id != report.id
        and other.created_at <= report.created_at
        and is_open(other.status)
        and distance(other) <= RADIUS_M
    ]
    near.sort(key=distance)
    return [other.id for other in near[:MAX_HINTS]]
