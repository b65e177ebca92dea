"""Text from clients: none of the characters nobody types and some output formats cannot carry.

C0 control characters but tab, line feed and carriage return, DEL, lone surrogates (JSON can escape them,
UTF-8 cannot encode them) and the non-characters U+FFFE/U+FFFF. XML 1.0 cannot carry any of them, a
header or a CSV cell should not, and no keyboard produces them: refused at the door in every request body
(`PlainTextInput`), and stripped by writers of formats that must always parse (`printable`).
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, field_validator

FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
PROBLEM = "must not contain control characters (only tab and line breaks are allowed)"


def has_control_characters(value: Any) -> bool:
    """Whether a string, or any string inside lists, dicts (keys too) and models, holds a refused one."""
    if isinstance(value, str):
        return FORBIDDEN.search(value) is not None
    if isinstance(value, BaseModel):
        return has_control_characters(value.model_dump())
    if isinstance(value, dict):
        return any(has_control_characters(k) or has_control_characters(v) for k, v in value.items())
    if isinstance(value, list | tuple | set):
        return any(has_control_characters(item) for item in value)
    return False


def printable(text: str) -> str:
    """The text without the refused characters (for output written from data stored before the rule)."""
    return FORBIDDEN.sub("", text)


class PlainTextInput(BaseModel):
    """Base of request bodies: every field, nested strings included, free of control characters."""

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        if has_control_characters(value):
            raise ValueError(PROBLEM)
        return value


def _single_line(text: str) -> str:
    if has_control_characters(text) or any(c in text for c in "\t\n\r"):
        raise ValueError("must be one line without control characters")
    return text


# Names end up in email subjects and CSV cells: one line, no control character at all.
SingleLine = Annotated[str, AfterValidator(_single_line)]
