"""Diacritics-insensitive matching: "duong" finds "đường", "Ca Mau" finds "Cà Mau"."""

from __future__ import annotations

import re
import unicodedata

# đ is a letter of its own, not d plus a mark: Unicode decomposition leaves it alone.
_LETTERS = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


def matches_words(query: str, *texts: str | None) -> bool:
    """Every word of `query` starts a word of `texts` (diacritics and case ignored): "o ga" finds "Ổ gà"."""
    found = words(" ".join(t for t in texts if t))
    return all(any(word.startswith(wanted) for word in found) for wanted in words(query))
