"""The few statistics the figures use: medians, p90 and ratios of medians."""

from __future__ import annotations

import statistics
from collections.abc import Sequence


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples)


def p90(samples: Sequence[float]) -> float:
    if len(samples) < 2:
        return samples[0]
    return statistics.quantiles(samples, n=10, method="inclusive")[-1]


def ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else float("nan")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def times(value: float) -> str:
    return f"×{value:.2f}"


def signed_ms(seconds: float) -> str:
    return f"{seconds * 1000:+.1f}"
