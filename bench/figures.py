"""The headline figures of issue-level goals, from the sections' measurements: what `--json` prints and
what the summary lists with its goal beside each.

Calls to the agency's email are those of the functions its email waits for (intake-api → routing-worker,
whose commit sets the deadlines the email states → notify-worker); the side roads (photos, statistics, the
SLA worker's check that the assignment is applied) count in the report's life. Both are taken from the
warm report: a container's first call also fills its caches.
"""

from __future__ import annotations

from collections import Counter

from bench.aws_calls import NOT_OURS, Call
from bench.cold_start import API_FLOOR, BASELINE, FLOOR, FLOORS, ColdStarts
from bench.stats import median, ratio

# The agency is told of an assignment with its deadlines (services/notify/logic/announce.py), which the
# assignment's own commit sets (shared/assignment_clock.py): its email waits for no SLA worker. Not on the
# path: the photo worker, the statistics projection and the SLA worker, which nothing on it waits for.
EMAIL_PATH = ("intake-api", "routing-worker", "notify-worker")
GOALS: dict[str, float] = {
    "cold_import_ratio_max": 1.5,
    "aws_calls_to_agency_email": 10,
    "aws_calls_report_life": 40,
    "usd_per_million_reports": 25.0,
    "load_server_errors": 0,  # make bench's load section (python -m bench without --skip-load)
    "load_unrouted": 0,
}


def cold_ratios(cold: ColdStarts) -> dict[str, float]:
    base = median(cold.seconds[BASELINE])
    handlers = {m: s for m, s in cold.seconds.items() if m != BASELINE and m not in FLOORS}
    return {m: round(ratio(median(s), base), 3) for m, s in handlers.items()}


def _floor_ratio(cold: ColdStarts, floor: str = FLOOR) -> float | None:
    if floor not in cold.seconds:
        return None
    return round(ratio(median(cold.seconds[floor]), median(cold.seconds[BASELINE])), 3)


def median_import_seconds(cold: ColdStarts) -> float:
    """A handler's cold import, the median over modules: what a cold start's init phase bills."""
    return median([median(s) for m, s in cold.seconds.items() if m != BASELINE and m not in FLOORS])


def ours(counts: Counter[Call]) -> int:
    return sum(n for call, n in counts.items() if call.caller not in NOT_OURS)


def to_agency_email(counts: Counter[Call]) -> int:
    return sum(n for call, n in counts.items() if call.caller in EMAIL_PATH)


def headline(
    cold: ColdStarts, first_minute: Counter[Call], life: Counter[Call], usd: float | None
) -> dict[str, object]:
    ratios = cold_ratios(cold)
    figures: dict[str, object] = {
        "cold_import_ratio_max": max(ratios.values()),
        "cold_import_ratio_median": round(median(list(ratios.values())), 3),
        "cold_import_ratio_per_module": ratios,
        "cold_import_boto3_ms": round(median(cold.seconds[BASELINE]) * 1000, 1),
        "cold_import_ratio_libraries_alone": _floor_ratio(cold),
        "cold_import_ratio_api_libraries_alone": _floor_ratio(cold, API_FLOOR),
        "aws_calls_to_agency_email": to_agency_email(first_minute),
        "aws_calls_report_life": ours(life),
        "usd_per_million_reports": usd,
        "goals": GOALS,
    }
    return figures


def goals_lines(figures: dict[str, object]) -> list[str]:
    lines = []
    for key, goal in GOALS.items():
        value = figures.get(key)
        if value is None:
            continue
        met = "met" if float(str(value)) <= goal else "NOT met"
        lines.append(f"  {key:<28} {value!s:>8}   goal ≤ {goal:g}   {met}")
    return lines
