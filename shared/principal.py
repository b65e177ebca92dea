"""Who is acting: a signed-in staff member and the groups that decide what they may do.

Plain data, so domain logic can reason about roles without knowing how a token was verified
(`shared/auth.py` does that).
"""

from __future__ import annotations

from pydantic import BaseModel

OPERATOR = "operator"
LEADER = "leader"
ADMIN = "admin"
AGENCY_PREFIX = "agency:"
STAFF_GROUPS = (OPERATOR, LEADER, ADMIN)


class Principal(BaseModel):
    subject: str
    username: str
    groups: frozenset[str]

    @property
    def agency_id(self) -> str | None:
        """The agency this person works for, if they are agency staff."""
        for group in sorted(self.groups):
            if group.startswith(AGENCY_PREFIX):
                return group.removeprefix(AGENCY_PREFIX)
        return None

    @property
    def is_operator(self) -> bool:
        return OPERATOR in self.groups

    @property
    def is_leader(self) -> bool:
        return LEADER in self.groups

    @property
    def is_admin(self) -> bool:
        return ADMIN in self.groups

    @property
    def is_staff(self) -> bool:
        return bool(self.groups & set(STAFF_GROUPS)) or self.agency_id is not None

    @property
    def actor(self) -> str:
        """How this person appears in a report's timeline."""
        return f"staff:{self.username}"


def agency_group(agency_id: str) -> str:
    return f"{AGENCY_PREFIX}{agency_id}"
