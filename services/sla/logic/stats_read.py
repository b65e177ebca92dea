"""Reading the figures: a period's counters (public), and the reports behind a figure (leaders)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from services.sla.logic.figures import figures, ranking, rows, stats
from services.sla.logic.ports import StatsStore
from services.sla.logic.stats_facts import COUNTERS, by_dimension, rows_of_cells
from services.sla.models import DrillDown, FactView, Stats
from shared.ports import DirectoryReader

# Years 2000-2099 (the bounded calendar of shared/bounds.py), written in ASCII digits: `\d` would also take
# other scripts' digits.
YEAR = r"20[0-9]{2}"
PERIOD_PATTERN = rf"^{YEAR}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
MONTH_PATTERN = rf"^{YEAR}-(0[1-9]|1[0-2])$"
FIGURE_PATTERN = "^(" + "|".join(c for c in COUNTERS if c not in ("score_sum", "scored")) + ")$"


def partitions(period: str) -> list[str]:
    """The counter partitions of a year (its 12 months) or a month."""
    if len(period) == 4:
        return [f"M#{period}-{m:02d}" for m in range(1, 13)]
    return [f"M#{period}"]


def read_stats(period: str, store: StatsStore, directory: DirectoryReader) -> Stats:
    """A month's cells (a year's: its 12 months'), one Query each, summed per dimension value; a day's
    figures summed from its fact rows, one ranged Query of its month's partition (docs/decisions.md 44)."""
    if len(period) == 10:
        rows = list(store.day_facts(period))
    else:
        rows = [row for partition in partitions(period) for row in rows_of_cells(store.counters(partition))]
    items = [{"sk": key, **counts} for key, counts in by_dimension(rows).items()]
    names = {
        "agency": {agency.id: agency.name for agency in directory.agencies()},
        "category": {category.code: category.name_vi for category in directory.categories()},
        "area": {area.code: area.name for area in directory.areas()},
    }
    return stats(period, items, names)


def view(row: dict[str, Any]) -> FactView:
    flags = sorted(k for k, v in row["counts"].items() if k in COUNTERS and int(v) and k != "score_sum")
    return FactView(
        report_id=row["sk"].rpartition("#")[2],  # the sk is <day>#<report id>
        day=row["day"],
        status=row["status"],
        agency=row["agency"],
        category=row["category"],
        area=row["area"],
        flags=flags,
    )


def drill_down(
    month: str,
    store: StatsStore,
    figure: str | None = None,
    limit: int = 200,
    *,
    directory: DirectoryReader | None = None,
    **dimensions: str,
) -> DrillDown:
    """The month's reports matching the dimensions (and counted in `figure`), newest first, with the
    figures of all the reports matching the dimensions: summed from the same fact rows the counters are
    made of, so one dimension alone gives that dimension's row of `read_stats`. The same reports per
    agency and the agencies' ranking among them follow the dimensions too, named from the directory."""
    matching = list(store.facts(month, **{k: v for k, v in dimensions.items() if v}))
    summed: Counter[str] = Counter()
    per_agency: dict[str, Counter[str]] = {}
    for row in matching:
        counts = {name: int(value) for name, value in row["counts"].items()}
        summed.update(counts)
        per_agency.setdefault(f"agency#{row['agency']}", Counter()).update(counts)
    names = {agency.id: agency.name for agency in directory.agencies()} if directory else {}
    by_agency = rows({key: dict(counts) for key, counts in per_agency.items()}, "agency", names)
    found = [row for row in matching if figure is None or int(row["counts"].get(figure, 0)) > 0]
    found.sort(key=lambda row: (row["day"], row["sk"]), reverse=True)
    return DrillDown(
        month=month,
        figure=figure,
        total=len(found),
        truncated=len(found) > limit,
        reports=[view(row) for row in found[:limit]],
        figures=figures(summed),
        by_agency=by_agency,
        ranking=ranking(by_agency),
    )
