"""Renders message templates (one file per message and part) with Jinja2."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

TEMPLATES = Path(__file__).parent / "templates"


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
        undefined=StrictUndefined,
        keep_trailing_newline=False,
    )


def render(message: str, part: str, **context: Any) -> str:
    """`part` is subject, txt or html."""
    return _environment().get_template(f"{message}.{part}.j2").render(**context).strip()
