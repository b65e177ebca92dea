"""In-memory stand-ins for the chat worker's Protocols (services/intake/logic/chat_turn.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from services.intake.logic.chat_machine import ChatState
from services.intake.logic.chat_message import ChatMessage
from shared.errors import Conflict
from shared.models import ChatContact


class FakeConversations:
    def __init__(self) -> None:
        self.states: dict[tuple[str, str], ChatState] = {}

    def load(self, platform: str, user_id: str) -> ChatState | None:
        return self.states.get((platform, user_id))

    def save(self, state: ChatState, now: datetime) -> None:
        current = self.states.get((state.platform, state.user_id))
        if current is not None and current.version != state.version:
            raise Conflict("Cuộc trò chuyện vừa thay đổi.", "The conversation changed meanwhile.")
        self.states[(state.platform, state.user_id)] = state.model_copy(update={"version": state.version + 1})


class FakeReplies:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []
        self.windows: list[datetime | None] = []
        self.refuse = False

    def send(self, contact: ChatContact, text: str, last_inbound_at: datetime | None) -> str:
        if self.refuse:
            raise RuntimeError("the platform refused")
        self.sent.append((contact.platform, contact.user_id, text))
        self.windows.append(last_inbound_at)
        return f"m{len(self.sent)}"

    def texts(self, user_id: str) -> list[str]:
        return [text for _, user, text in self.sent if user == user_id]


class FakePhotos:
    def __init__(self) -> None:
        self.fetched: list[str] = []

    def fetch(self, url: str, now: datetime) -> str | None:
        if "refused" in url:
            return None
        self.fetched.append(url)
        return f"{len(self.fetched):032x}"


class FakeFilings:
    def __init__(self) -> None:
        self.done: dict[str, str] = {}

    def run(self, key: str, create: Callable[[], str]) -> str:
        if key not in self.done:
            self.done[key] = create()
        return self.done[key]


class FakeInbox:
    def __init__(self) -> None:
        self.messages: list[ChatMessage] = []

    def put(self, messages: list[ChatMessage]) -> None:
        self.messages.extend(messages)
