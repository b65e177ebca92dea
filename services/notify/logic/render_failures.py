"""One message whose template fails to render holds back none of its event's other messages: each is
rendered alone, those that fail are noted, the others are sent, and then the event fails
(`MessagesNotRendered`), so SQS retries it and, when the template stays broken, dead-letters it. A retry
sends only what is still missing: the messages already sent are not sent again (one per event, recipient
and channel)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from services.notify.logic.ports import Templates
from services.notify.models import Rendered


@dataclass(frozen=True)
class Unrendered:
    """A message that could not be rendered, as the logs name it: never its recipient, and of the error
    only its kind (its text may quote what the template was filled with: a reporter's name or words)."""

    message: str  # template name
    audience: str
    channel: str
    language: str
    error: str

    def __str__(self) -> str:
        return f"{self.message} for {self.audience} by {self.channel} in {self.language} ({self.error})"


class MessagesNotRendered(Exception):
    """Some of an event's messages could not be rendered; the others were sent."""

    def __init__(self, what: str, unrendered: Sequence[Unrendered]) -> None:
        self.unrendered = tuple(unrendered)
        listed = "; ".join(str(u) for u in self.unrendered)
        super().__init__(f"{what}: {len(self.unrendered)} message(s) not rendered, the others sent: {listed}")


@dataclass
class Rendering:
    """Renders an event's messages one at a time, keeping the failures instead of raising at the first."""

    templates: Templates
    failed: list[Unrendered] = field(default_factory=list)

    def render(
        self, message: str, language: str, context: dict[str, Any], audience: str, channel: str
    ) -> Rendered | None:
        """The message's parts; None when its template failed (noted, to be raised by `raise_failures`)."""
        try:
            return self.templates.render(message, language, context)
        except Exception as error:  # any template bug or missing value is this one message's alone
            self.failed.append(Unrendered(message, audience, channel, language, type(error).__name__))
            return None

    def raise_failures(self, what: str) -> None:
        """Fails the event when any of its messages could not be rendered (after the others were sent)."""
        if self.failed:
            raise MessagesNotRendered(what, self.failed)
