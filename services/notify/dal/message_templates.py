"""Renders messages with Jinja2 from `services/notify/templates/<lang>/<message>.j2`, one file per message and
language with the blocks `subject`, `text`, `html` and, for reporters, `sms`."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from services.notify.models import Rendered

if TYPE_CHECKING:
    from jinja2 import Environment

TEMPLATES = Path(__file__).parents[1] / "templates"
Language = Literal["vi", "en"]
DEFAULT_LANGUAGE: Language = "vi"


class JinjaTemplates:
    def render(self, message: str, language: str, context: dict[str, Any]) -> Rendered:
        return render(message, language, **context)


@cache
def _environment() -> Environment:
    # Imported here, on the first message rendered: Jinja2 is a cold start's cost otherwise paid by every
    # invocation of the functions that import this module, including those that render nothing.
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    # Autoescaping is on for the whole file, so the HTML is safe by default; the plain-text blocks switch it
    # off explicitly. The HTML block is wrapped in `_layout.html.j2` of its language.
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(message: str, language: str = DEFAULT_LANGUAGE, **context: Any) -> Rendered:
    from markupsafe import Markup

    language = language if language in ("vi", "en") else DEFAULT_LANGUAGE
    env = _environment()
    template = env.get_template(f"{language}/{message}.j2")
    bound = template.new_context({**context, "language": language})
    parts = {name: "".join(block(bound)).strip() for name, block in template.blocks.items()}
    if parts.get("html"):
        layout = env.get_template(f"{language}/_layout.html.j2")
        parts["html"] = layout.render(body=Markup(parts["html"]), subject=parts.get("subject", "")).strip()  # noqa: S704 - the block was autoescaped when rendered
    return Rendered(**{k: v for k, v in parts.items() if k in Rendered.model_fields})


def messages() -> list[tuple[str, str]]:
    """(language, message) of every template file, for tests that render them all."""
    return sorted(
        (path.parent.name, path.name.removesuffix(".j2"))
        for path in TEMPLATES.glob("*/*.j2")
        if not path.name.startswith("_")
    )
