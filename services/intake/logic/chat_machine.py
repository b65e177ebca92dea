"""The chat conversation as a deterministic state machine: (state, message) → (state, replies, action).

Stages: `idle` (no draft) → `place` (a description, waiting for where) → `confirm` (a summary shown,
waiting for "GỬI" or "HỦY"). What needs the outside world (filing, a photo, a lookup) is an `Action` the
worker performs (logic/chat_turn.py); this module only decides.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from services.intake.logic.chat_message import ChatMessage, Platform
from services.intake.logic.chat_texts import Language, say
from shared.ids import is_report_id, normalise_report_id
from shared.models import new_list

MIN_DESCRIPTION = 10
MIN_ADDRESS = 3
MAX_PHOTOS = 5
SEEN_KEPT = 20  # message ids remembered, so a redelivered message changes nothing
CODE = re.compile(r"\bPA[-\s]?([0-9A-Z]{4})[-\s]?([0-9A-Z]{4})\b")
Stage = Literal["idle", "place", "confirm"]


class ChatState(BaseModel):
    """One chat account's conversation (the `chats` table, 24 hours after its last message)."""

    platform: Platform
    user_id: str
    language: Language = "vi"
    stage: Stage = "idle"
    draft_id: str | None = None  # the message that started the draft: filing runs once per draft
    description: str = ""
    lat: float | None = None
    lon: float | None = None
    address: str | None = Field(default=None, max_length=300)
    photos: list[str] = Field(default_factory=new_list)  # upload ids
    seen: list[str] = Field(default_factory=new_list)
    last_inbound_at: datetime | None = None
    version: int = 0

    def dropped(self) -> ChatState:
        return ChatState(
            platform=self.platform,
            user_id=self.user_id,
            language=self.language,
            seen=self.seen,
            last_inbound_at=self.last_inbound_at,
            version=self.version,
        )


@dataclass(frozen=True)
class FileDraft:
    """File the draft as a report; the worker then says the code."""


@dataclass(frozen=True)
class AddPhoto:
    url: str


@dataclass(frozen=True)
class LookUp:
    code: str


Action = FileDraft | AddPhoto | LookUp | None


@dataclass(frozen=True)
class Step:
    state: ChatState
    replies: list[str] = field(default_factory=list)
    action: Action = None


def folded(text: str) -> str:
    """Upper case without diacritics or surrounding punctuation: "gửi!" and "GUI" read the same."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(bare.upper().strip(" .!?,;:\"'").split())


def tracking_code(text: str) -> str | None:
    found = CODE.search(folded(text))
    if not found:
        return None
    code = normalise_report_id(found.group(1) + found.group(2))
    return code if is_report_id(code) else None


def advance(state: ChatState, message: ChatMessage) -> Step:
    """The next state, what the bot says and what the worker must do, for one new message."""
    state = state.model_copy(
        update={"seen": [*state.seen, message.message_id][-SEEN_KEPT:], "last_inbound_at": message.at}
    )
    step = _step(state, message)
    if step.state.stage != "idle" and step.state.draft_id is None:
        return replace(step, state=step.state.model_copy(update={"draft_id": message.message_id}))
    return step


def _step(state: ChatState, message: ChatMessage) -> Step:
    if message.kind == "text":
        return _text(state, message.text)
    if message.kind == "location" and message.lat is not None and message.lon is not None:
        return _place(state, {"lat": message.lat, "lon": message.lon})
    if message.kind == "image" and message.image_url:
        return _photo(state, message.image_url)
    return Step(state, [say("help", state.language)])


COMMANDS = {"ENGLISH": "en", "TIENG VIET": "vi", "VIETNAMESE": "vi"}


def _text(state: ChatState, text: str) -> Step:
    word = folded(text)
    if word in COMMANDS:
        state = state.model_copy(update={"language": COMMANDS[word]})
        return Step(state, [_prompt(state)])
    code = tracking_code(text)
    if code is not None:
        return Step(state, action=LookUp(code))
    if word.startswith("TRA CUU"):
        return Step(state, [say("ask_code", state.language)])
    if word == "HUY":
        key = "dropped" if state.stage != "idle" else "nothing_to_drop"
        return Step(state.dropped(), [say(key, state.language)])
    if word == "GUI":
        return _send(state)
    return _words(state, text.strip())


def _send(state: ChatState) -> Step:
    if state.stage == "confirm":
        return Step(state, action=FileDraft())
    key = "need_place" if state.stage == "place" else "need_description"
    return Step(state, [say(key, state.language)])


def _words(state: ChatState, text: str) -> Step:
    if state.stage == "idle":
        if len(text) < MIN_DESCRIPTION:
            return Step(state, [say("help", state.language)])
        state = state.model_copy(update={"stage": "place", "description": text[:4000]})
        return Step(state, [say("ask_place", state.language)])
    if state.stage == "place":
        if len(text) < MIN_ADDRESS:
            return Step(state, [say("ask_place", state.language)])
        return _place(state, {"address": text[:300]})
    return Step(state, [say("confirm_hint", state.language)])


def _place(state: ChatState, where: dict[str, object]) -> Step:
    if state.stage == "idle":
        return Step(state, [say("need_description", state.language)])
    state = state.model_copy(update={**where, "stage": "confirm"})
    return Step(state, [summary(state)])


def _photo(state: ChatState, url: str) -> Step:
    if state.stage == "idle":
        return Step(state, [say("need_description", state.language)])
    if len(state.photos) >= MAX_PHOTOS:
        return Step(state, [say("photo_limit", state.language)])
    return Step(state, action=AddPhoto(url))


def with_photo(state: ChatState, upload_id: str) -> Step:
    """The state once the worker has stored a photo of the draft."""
    state = state.model_copy(update={"photos": [*state.photos, upload_id]})
    replies = [say("photo_added", state.language, count=len(state.photos))]
    if state.stage == "confirm":
        replies.append(summary(state))
    return Step(state, replies)


def summary(state: ChatState) -> str:
    language = state.language
    places = []
    if state.lat is not None and state.lon is not None:
        places.append(say("point", language, lat=state.lat, lon=state.lon))
    if state.address:
        places.append(state.address)
    return say(
        "summary",
        language,
        description=state.description,
        place="; ".join(places),
        photos=len(state.photos),
    )


def _prompt(state: ChatState) -> str:
    """What the bot asks for next, in the state's language."""
    if state.stage == "place":
        return say("ask_place", state.language)
    if state.stage == "confirm":
        return summary(state)
    return say("help", state.language)
