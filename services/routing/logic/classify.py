"""The category of a report from its text, when the citizen chose none (or "other").

Diacritics-insensitive: many people type Vietnamese without accents ("mat dien"), so text and keywords
are both folded to plain ASCII words before matching whole phrases. Each category scores the weights of
its phrases found; a guess is made only when the best score is high enough AND clearly ahead of the
runner-up. Anything less is None: the report goes to triage for a person to decide, never a guess.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from pydantic import BaseModel

from services.routing.logic.keywords import KEYWORDS

MIN_SCORE = 3  # one conclusive phrase, or a strong one plus a hint
MIN_MARGIN = 2  # ahead of the second category by at least a strong phrase
MAX_TEXT = 4000  # the longest description intake accepts


class Classification(BaseModel):
    category: str | None  # None: not confident, send to triage
    score: int
    runner_up: str | None
    margin: int
    matched: list[str]


def fold(text: str) -> str:
    """Lower case, no diacritics (đ → d), words separated by single spaces, padded for whole-word search."""
    decomposed = unicodedata.normalize("NFD", text[:MAX_TEXT].lower().replace("đ", "d"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " " + " ".join(re.findall(r"[a-z0-9]+", plain)) + " "


@cache
def _folded_keywords() -> dict[str, list[tuple[str, str, int]]]:
    """category → [(folded phrase, original phrase, weight)], longest phrases first."""
    return {
        category: sorted(
            ((fold(phrase), phrase, weight) for phrase, weight in phrases.items()),
            key=lambda entry: -len(entry[0]),
        )
        for category, phrases in KEYWORDS.items()
    }


def _score(text: str, phrases: list[tuple[str, str, int]]) -> tuple[int, list[str]]:
    """A phrase inside a longer matched phrase of the same category is not counted twice."""
    score, matched, remaining = 0, [], text
    for folded, original, weight in phrases:
        if folded in remaining:
            score += weight
            matched.append(original)
            remaining = remaining.replace(folded, "  ")
    return score, matched


def classify(text: str) -> Classification:
    folded = fold(text)
    scored = sorted(
        ((*_score(folded, phrases), category) for category, phrases in _folded_keywords().items()),
        key=lambda entry: (-entry[0], entry[2]),
    )
    (best, matched, category), (second, _, runner_up) = scored[0], scored[1]
    confident = best >= MIN_SCORE and best - second >= MIN_MARGIN
    return Classification(
        category=category if confident else None,
        score=best,
        runner_up=runner_up if second else None,
        margin=best - second,
        matched=matched,
    )
