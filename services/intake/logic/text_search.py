"""Diacritics-insensitive matching: "duong" finds "đường", "Ca Mau" finds "Cà Mau"."""

from __future__ import annotations

import unicodedata

# đ is a letter of its own, not d plus a mark: Unicode decomposition leaves it alone.
_LETTERS = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def matches_words(query: str, *texts: str | None) -> bool:
    """Every word of `query` occurs somewhere in `texts` (diacritics and case ignored)."""
    haystack = fold(" ".join(t for t in texts if t))
    return all(word in haystack for word in fold(query).split())
