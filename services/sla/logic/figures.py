"""Counters → the published figures: rates, median and p90 time to answer, the agencies' ranking, CSV."""

from __future__ import annotations

import csv
import io
import math
from typing import Any

from services.sla.logic.stats_facts import COUNTERS, MINUTES
from services.sla.models import Figures, Ranked, Row, Stats


def percentile(histogram: dict[int, int], p: float) -> int | None:
    """Nearest rank over whole minutes (the smallest value with at least p of the answers at or below it):
    exact, not interpolated."""
    n = sum(histogram.values())
    if n == 0:
        return None
    rank, seen = math.ceil(p * n), 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value
    return None  # pragma: no cover - unreachable


def _ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def figures(counts: dict[str, Any]) -> Figures:
    c = {name: int(counts.get(name, 0)) for name in COUNTERS}
    histogram = {
        int(k.removeprefix(MINUTES)): int(v) for k, v in counts.items() if k.startswith(MINUTES) and v
    }
    median, p90 = percentile(histogram, 0.5), percentile(histogram, 0.9)
    return Figures(
        **{k: c[k] for k in Figures.model_fields if k in c},
        on_time_rate=_ratio(c["on_time"], c["on_time"] + c["late"]),
        answer_hours_median=round(median / 60, 2) if median is not None else None,
        answer_hours_p90=round(p90 / 60, 2) if p90 is not None else None,
        satisfied_rate=_ratio(c["satisfied"], c["rated"]),
        mean_score=round(c["score_sum"] / c["scored"], 2) if c["scored"] else None,
    )


def merge(items: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Counter items (possibly of several periods) → summed counts per "<dimension>#<value>"."""
    merged: dict[str, dict[str, int]] = {}
    for item in items:
        into = merged.setdefault(item["sk"], {})
        for name, value in item.items():
            if name in ("pk", "sk"):
                continue
            into[name] = into.get(name, 0) + int(value)
    return merged


def province(merged: dict[str, dict[str, int]]) -> dict[str, int]:
    """The province's counts: the sum of its agency rows, "-" included (each report is in exactly one)."""
    summed: dict[str, int] = {}
    for key, counts in merged.items():
        if key.startswith("agency#"):
            for name, value in counts.items():
                summed[name] = summed.get(name, 0) + value
    return summed


# The bucket of reports a dimension has no value for yet ("-" in the counters), named for people.
UNASSIGNED = {
    "agency": "Chưa giao cơ quan xử lý",
    "category": "Chưa phân loại",
    "area": "Ngoài các phường, xã đã khai báo",
}


def _counted(row: Figures) -> bool:
    return any(value for name, value in row.model_dump().items() if isinstance(value, int) and value)


def rows(merged: dict[str, dict[str, int]], dimension: str, names: dict[str, str]) -> list[Row]:
    """One row per value of a dimension that counts anything, named from the directory (the "-" bucket
    by what it holds), the most received first. A value whose reports all moved on counts nothing."""
    prefix = f"{dimension}#"
    found = [
        Row(
            id=key.removeprefix(prefix),
            name=_name(key.removeprefix(prefix), dimension, names),
            **figures(counts).model_dump(),
        )
        for key, counts in merged.items()
        if key.startswith(prefix)
    ]
    return sorted((row for row in found if _counted(row)), key=lambda row: (-row.received, row.id))


def _name(value: str, dimension: str, names: dict[str, str]) -> str | None:
    return UNASSIGNED.get(dimension) if value == "-" else names.get(value)


def ranking(agencies: list[Row]) -> list[Ranked]:
    """Agencies that answered, best on-time rate first, then satisfaction, then volume."""
    ranked = sorted(
        (row for row in agencies if row.id != "-" and row.resolved),
        key=lambda r: (-(r.on_time_rate or 0), -(r.satisfied_rate or 0), -r.resolved, r.id),
    )
    return [
        Ranked(
            rank=i,
            agency_id=row.id,
            name=row.name,
            on_time_rate=row.on_time_rate,
            satisfied_rate=row.satisfied_rate,
            resolved=row.resolved,
        )
        for i, row in enumerate(ranked, start=1)
    ]


def stats(period: str, items: list[dict[str, Any]], names: dict[str, dict[str, str]]) -> Stats:
    """`names`: per dimension ("agency", "category", "area"), each value's name in the directory."""
    merged = merge(items)
    by_agency = rows(merged, "agency", names.get("agency", {}))
    return Stats(
        period=period,
        province=figures(province(merged)),
        by_agency=by_agency,
        by_category=rows(merged, "category", names.get("category", {})),
        by_area=rows(merged, "area", names.get("area", {})),
        ranking=ranking(by_agency),
    )


def to_csv(result: Stats) -> str:
    """One line per dimension and value, the province first; UTF-8, comma-separated."""
    fields = list(Figures.model_fields)
    out = io.StringIO()
    writer = _FormulaSafeWriter(csv.writer(out, lineterminator="\n"))
    writer.writerow(["period", "dimension", "id", "name", *fields])
    writer.writerow(
        [result.period, "province", "all", "", *(_cell(getattr(result.province, f)) for f in fields)]
    )
    for dimension, rows in (
        ("agency", result.by_agency),
        ("category", result.by_category),
        ("area", result.by_area),
    ):
        for row in rows:
            writer.writerow(
                [result.period, dimension, row.id, row.name or "", *(_cell(getattr(row, f)) for f in fields)]
            )
    return out.getvalue()


def _cell(value: object) -> str:
    return "" if value is None else str(value)


# A spreadsheet runs a cell starting with one of these as a formula (`=HYPERLINK(...)` in an agency name an
# admin typed); OWASP's advice is a leading apostrophe, which shows the text as written.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text_cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


class _FormulaSafeWriter:
    """csv.writer whose every cell is made inert before it is written."""

    def __init__(self, writer: Any) -> None:
        self._writer = writer

    def writerow(self, row: list[str]) -> None:
        self._writer.writerow([as_text_cell(cell) for cell in row])
