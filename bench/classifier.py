"""The text classifier against a labelled set of Vietnamese reports it never saw (bench/data/).

Label "khac" means no field fits: the right outcome is triage. Elsewhere triage is not an error, but
not a hit either: accuracy counts it as a miss, precision ignores it (it only judges the guesses made).
Run alone with `python -m bench.classifier`; `make bench` prints it as one section.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from services.routing.logic.classify import classify

LABELLED = Path(__file__).with_name("data") / "classifier_labelled.jsonl"
OTHER = "khac"


@dataclass
class Scores:
    total: int
    correct: int  # right category, or triage for "khac"
    triaged: int
    guessed_right: int
    guessed: int
    per_category: dict[
        str, tuple[int, int, int]
    ]  # category → (true positives, guessed as it, labelled as it)
    mistakes: list[tuple[str, str, str]]  # (label, guess, text)


def measure(path: Path = LABELLED) -> Scores:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    tp: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    labelled: Counter[str] = Counter()
    correct = triaged = guessed_right = guessed = 0
    mistakes = []
    for row in rows:
        label, guess = row["category"], classify(row["text"]).category
        labelled[label] += 1
        if guess is None:
            triaged += 1
            correct += label == OTHER
            continue
        guessed += 1
        predicted[guess] += 1
        if guess == label:
            tp[label] += 1
            correct += 1
            guessed_right += 1
        else:
            mistakes.append((label, guess, row["text"]))
    categories = sorted(set(labelled) | set(predicted))
    return Scores(
        total=len(rows),
        correct=correct,
        triaged=triaged,
        guessed_right=guessed_right,
        guessed=guessed,
        per_category={c: (tp[c], predicted[c], labelled[c]) for c in categories},
        mistakes=mistakes,
    )


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f} %" if whole else "    –  "


def table(scores: Scores) -> str:
    lines = [
        f"   {scores.total} labelled reports; accuracy {_pct(scores.correct, scores.total)} "
        f"(triage counts as a miss unless the label is '{OTHER}'); "
        f"precision of the guesses made {_pct(scores.guessed_right, scores.guessed)}; "
        f"triage rate {_pct(scores.triaged, scores.total)}",
        "",
        f"   {'category':<22}{'labelled':>9}{'guessed':>9}{'precision':>11}{'recall':>9}",
    ]
    for category, (tp, guessed, labelled) in scores.per_category.items():
        recall = "(triage)" if category == OTHER else _pct(tp, labelled)
        lines.append(f"   {category:<22}{labelled:>9}{guessed:>9}{_pct(tp, guessed):>11}{recall:>9}")
    if scores.mistakes:
        lines += ["", "   wrong guesses (label → guess):"]
        lines += [f"     {label} → {guess}: {text[:70]}" for label, guess, text in scores.mistakes]
    return "\n".join(lines)


if __name__ == "__main__":
    print("Text classifier — held-out labelled set")
    print(table(measure()))
