"""One chat message taken by the worker: the state machine's step, its action performed (a photo fetched,
the draft filed, a report looked up), the replies sent, then the state saved.

Replies go out before the state is saved: a failure in between repeats the turn (the filing runs once per
draft whatever happens, `OnceFiling`), so a reply may come twice but never not at all. A message already
seen changes nothing (`ChatState.seen`; the worker also runs each message id once).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from services.intake.logic.chat_machine import (
    AddPhoto,
    ChatState,
    FileDraft,
    LookUp,
    Step,
    advance,
    with_photo,
)
from services.intake.logic.chat_message import ChatMessage, Platform
from services.intake.logic.chat_texts import say, status_name
from services.intake.logic.ports import UploadStore
from services.intake.logic.submit import submit_report
from shared.errors import InvalidInput
from shared.models import Channel, ChatContact, Location, Reporter
from shared.new_report import NewReport
from shared.ports import DirectoryReader, ReportStore

CHANNELS = {"zalo": Channel.ZALO, "messenger": Channel.FACEBOOK}


class Conversations(Protocol):
    def load(self, platform: Platform, user_id: str) -> ChatState | None: ...

    def save(self, state: ChatState, now: datetime) -> None:
        """Stores the state if nobody saved another since it was loaded (its `version`); raises Conflict."""
        ...


class ChatReplies(Protocol):
    def send(self, contact: ChatContact, text: str, last_inbound_at: datetime | None) -> object:
        """Sends one text to the person; raises when the platform refuses it (the turn is retried)."""
        ...


class ChatPhotos(Protocol):
    def fetch(self, url: str, now: datetime) -> str | None:
        """Downloads the image into a new upload slot: its id, or None when refused (size, type, address)."""
        ...


class OnceFiling(Protocol):
    def run(self, key: str, create: Callable[[], str]) -> str:
        """`create` (which files a report and returns its code) at most once per key; the code."""
        ...


@dataclass(frozen=True)
class ChatDeps:
    conversations: Conversations
    replies: ChatReplies
    photos: ChatPhotos
    filings: OnceFiling
    reports: ReportStore
    directory: DirectoryReader
    uploads: UploadStore


def take_message(message: ChatMessage, deps: ChatDeps, now: datetime) -> str:
    """What happened: "duplicate", or the stage the conversation is in afterwards."""
    state = deps.conversations.load(message.platform, message.user_id) or ChatState(
        platform=message.platform, user_id=message.user_id
    )
    if message.message_id in state.seen:
        return "duplicate"
    step = _perform(advance(state, message), deps, now)
    contact = ChatContact(platform=message.platform, user_id=message.user_id)
    for text in step.replies:
        deps.replies.send(contact, text, message.at)
    deps.conversations.save(step.state, now)
    return step.state.stage


def _perform(step: Step, deps: ChatDeps, now: datetime) -> Step:
    state, action = step.state, step.action
    if isinstance(action, AddPhoto):
        upload_id = deps.photos.fetch(action.url, now)
        if upload_id is None:
            return Step(state, [*step.replies, say("photo_refused", state.language)])
        return with_photo(state, upload_id)
    if isinstance(action, FileDraft):
        return _file_once(state, deps, now)
    if isinstance(action, LookUp):
        return Step(state, [*step.replies, *_look_up(state, action.code, deps.reports)])
    return step


def _file_once(state: ChatState, deps: ChatDeps, now: datetime) -> Step:
    key = f"{state.platform}:{state.user_id}:{state.draft_id}"
    try:
        code = deps.filings.run(key, lambda: _file(state, deps, now))
    except InvalidInput:  # a photo's upload slot expired (a draft kept alive for over a day)
        return Step(state.model_copy(update={"photos": []}), [say("photos_expired", state.language)])
    return Step(state.dropped(), [say("filed", state.language, code=code)])


def _file(state: ChatState, deps: ChatDeps, now: datetime) -> str:
    draft = NewReport(
        channel=CHANNELS[state.platform],
        description=state.description,
        location=Location(lat=state.lat, lon=state.lon, address=state.address),
        photos=state.photos,
        reporter=Reporter(
            language=state.language, chat=ChatContact(platform=state.platform, user_id=state.user_id)
        ),
    )
    report = submit_report(draft, deps.reports, deps.directory, deps.uploads, str(uuid.uuid4()), now)
    return report.id


def _look_up(state: ChatState, code: str, reports: ReportStore) -> list[str]:
    """The report's public status, only for a report sent from this same chat account."""
    report = reports.get(code)
    chat = report.reporter.chat if report is not None else None
    if report is None or chat is None or (chat.platform, chat.user_id) != (state.platform, state.user_id):
        return [say("not_found", state.language, code=code)]
    replies = [
        say("status", state.language, code=code, status=status_name(report.status.value, state.language))
    ]
    if report.answer:
        replies.append(say("answer", state.language, answer=report.answer[:1500]))
    return replies
