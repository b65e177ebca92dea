"""`python -m bench.stats_layout`: the statistics' counter items at a province's scale (docs/decisions.md 44).

A report life on a fresh table (bench.cost) sees every counter item under 1 KB; a month of a province does
not: an item is billed by its size, and the time-to-answer histogram grows with the answers it holds. This
fills one month of simulated reports into the layout before (an item per dimension value, per day and month,
and the province's) and into the cells (one item per month and agency × category × area) and prints what a
commit's counter writes are billed and what a month's read holds. Assumed: answers spread evenly over 2,700
working minutes (6 working days), categories and areas chosen evenly, each pair routed to one agency.
"""

from __future__ import annotations

import math
import random
from collections import Counter

from bench.capacity import item_size
from services.sla.logic.stats_facts import cell

KB = 1024
ANSWER_MINUTES = 2700
SCALES = (1_000, 10_000, 100_000)  # reports a month
PROVINCE = {"agencies": 20, "categories": 10, "areas": 64}


def _counts(rng: random.Random) -> Counter[str]:
    counts = Counter(received=1, assigned=1, resolved=1, closed=1, on_time=1, rated=1, satisfied=1, scored=1)
    counts.update(score_sum=4)
    counts[f"t#{rng.randrange(ANSWER_MINUTES)}"] = 1
    return counts


def fill(reports: int, seed: int = 1) -> tuple[dict[tuple[str, str], Counter[str]], dict[str, Counter[str]]]:
    """(the layout before: (period, dimension#value) → counts; the cells: cell → counts) of one month."""
    rng = random.Random(seed)
    agency_of = {
        (c, a): f"agency-{rng.randrange(PROVINCE['agencies'])}"
        for c in range(PROVINCE["categories"])
        for a in range(PROVINCE["areas"])
    }
    before: dict[tuple[str, str], Counter[str]] = {}
    cells: dict[str, Counter[str]] = {}
    for _ in range(reports):
        c, a = rng.randrange(PROVINCE["categories"]), rng.randrange(PROVINCE["areas"])
        counts, day = _counts(rng), f"D#2026-11-{rng.randrange(1, 31):02d}"
        for key in ("province#all", f"agency#{agency_of[(c, a)]}", f"category#c{c}", f"area#a{a}"):
            for period in ("M#2026-11", day):
                before.setdefault((period, key), Counter()).update(counts)
        cells.setdefault(cell(agency_of[(c, a)], f"c{c}", f"a{a}"), Counter()).update(counts)
    return before, cells


def _units(pk: str, sk: str, counts: Counter[str]) -> int:
    return max(1, math.ceil(item_size({"pk": pk, "sk": sk, **counts}) / KB))


def line(reports: int) -> str:
    before, cells = fill(reports)
    # A commit writes the items of its report: weight each item by the reports it holds.
    old = sum(_units(pk, sk, c) * c["received"] for (pk, sk), c in before.items()) / reports
    new = sum(_units("M#2026-11", sk, c) * c["received"] for sk, c in cells.items()) / reports
    old_month = [item_size({"pk": pk, "sk": sk, **c}) for (pk, sk), c in before.items() if pk[0] == "M"]
    new_month = [item_size({"pk": "M#2026-11", "sk": sk, **c}) for sk, c in cells.items()]
    units = f"a commit's counter units (x2 in its transaction) {old:5.1f} before, {new:4.1f} cells"
    largest = f"largest item {max(old_month) / KB:5.1f} KB before, {max(new_month) / KB:4.1f} KB cells"
    read = (
        f"a month's read {sum(old_month) / KB:6.0f} KB before ({len(old_month)} items),"
        f" {sum(new_month) / KB:6.0f} KB cells ({len(new_month)} items)"
    )
    return f"  {reports:>7,} reports: {units}; {largest}; {read}"


def main() -> None:
    print(
        f"Statistics counter items in a month of {PROVINCE['agencies']} agencies, {PROVINCE['categories']}"
        f" categories, {PROVINCE['areas']} areas"
    )
    for reports in SCALES:
        print(line(reports))


if __name__ == "__main__":
    main()
