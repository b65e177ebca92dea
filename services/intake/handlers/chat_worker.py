"""chat-worker: Chat.Message events from its queue → one conversation turn each (logic/chat_turn.py).

Each platform message id is taken once (Powertools idempotency, shared/idempotency.py) however often the
platform or SQS delivers it; a failed turn is reported back alone (partial batch failure), retried, then
dead-lettered."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel, ConfigDict, Field

from services.intake.dal.chat_filings import ChatFilings
from services.intake.dal.chat_filings import config as filing_config
from services.intake.dal.chat_photo_download import ChatPhotoDownloads
from services.intake.dal.chat_table import ChatConversations
from services.intake.dal.upload_table import UploadTable
from services.intake.logic.chat_message import ChatMessage
from services.intake.logic.chat_turn import ChatDeps, take_message
from shared.chat_send.sender import ChatSender
from shared.cold_init import init_done
from shared.directory import DirectoryRepository
from shared.idempotency import guard
from shared.photo_bucket import PhotoBucket
from shared.repository import ReportRepository
from shared.sqs_batch import handle_batch
from shared.tracing import TRACED_MODULES

logger = Logger(service="intake")
tracer = Tracer(service="intake", patch_modules=TRACED_MODULES)
uploads = UploadTable()
deps = ChatDeps(
    conversations=ChatConversations(),
    replies=ChatSender(),
    photos=ChatPhotoDownloads(uploads, PhotoBucket()),
    filings=ChatFilings(),
    reports=ReportRepository(),
    directory=DirectoryRepository(),
    uploads=uploads,
)
once = IdempotencyConfig(
    event_key_jmespath="[platform, message_id]", expires_after_seconds=48 * 3600, hash_function="sha256"
)


class ChatBusMessage(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="ignore")

    detail_type: str = Field(alias="detail-type")
    detail: ChatMessage


def take(message: dict[str, Any]) -> dict[str, str]:
    chat = ChatMessage.model_validate(message)
    outcome = take_message(chat, deps, datetime.now(UTC))
    # Logged without the user id: it is the person's private contact.
    logger.info(
        "chat message taken", extra={"platform": chat.platform, "kind": chat.kind, "outcome": outcome}
    )
    return {"outcome": outcome}


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    once.register_lambda_context(context)
    filing_config.register_lambda_context(context)
    take_once = guard(take, once, "message", key_prefix="intake.chat_message")

    def take_turn(message: ChatBusMessage) -> None:
        take_once(message=message.detail.model_dump(mode="json"))

    return handle_batch(event, ChatBusMessage, take_turn)


init_done()  # last: the import is done, collection resumes (shared/cold_init.py)
