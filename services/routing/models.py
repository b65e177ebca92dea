"""The staff API's input and output models."""

from __future__ import annotations

from pydantic import BaseModel


class Me(BaseModel):
    username: str
    groups: list[str]
    agency_id: str | None
