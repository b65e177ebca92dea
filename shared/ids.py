"""Tracking codes a caller can read over the phone: PA-7K3M-Q9XD.

Crockford's base32 alphabet without I, L, O, U, so 0/O and 1/I/L cannot be confused when read aloud.
40 random bits: collisions are guarded by the conditional put, not assumed away.
"""

from __future__ import annotations

import secrets
import uuid

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_report_id() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"PA-{chars[:4]}-{chars[4:]}"


def normalise_report_id(raw: str) -> str:
    """Accepts what a person types: lower case, missing dashes, O for 0 and I/L for 1."""
    cleaned = raw.strip().upper().replace("-", "").replace(" ", "")
    cleaned = cleaned.translate(str.maketrans("OIL", "011"))
    if cleaned.startswith("PA"):
        cleaned = cleaned[2:]
    return f"PA-{cleaned[:4]}-{cleaned[4:]}"


def is_report_id(value: str) -> bool:
    parts = value.split("-")
    return (
        len(parts) == 3
        and parts[0] == "PA"
        and all(len(p) == 4 and all(c in ALPHABET for c in p) for p in parts[1:])
    )


def deterministic_event_id(*parts: str) -> str:
    """The same fact always gets the same id, so a re-emitted event is deduplicated downstream."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "phananh:" + ":".join(parts)))
