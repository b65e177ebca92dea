"""chat-webhooks: Zalo OA and Messenger call these; the signature is checked on the raw body, the messages
go to the bus, and the answer is 200 at once (the conversation runs in chat-worker)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Header, Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel

from services.intake.dal.chat_bus import ChatBus
from services.intake.logic.chat_inbound import (
    MessengerKeys,
    ZaloKeys,
    messenger_handshake,
    receive_messenger,
    receive_zalo,
)
from shared.api_resolver import api_resolver
from shared.chat_secrets import chat_secret
from shared.cold_init import init_done
from shared.tracing import TRACED_MODULES

logger = Logger(service="intake")
tracer = Tracer(service="intake", patch_modules=TRACED_MODULES)
app = api_resolver()
bus = ChatBus()
TAGS = ["channels"]
Signature = Annotated[str | None, Header(alias="X-ZEvent-Signature", max_length=512)]
HubSignature = Annotated[str | None, Header(alias="X-Hub-Signature-256", max_length=512)]


class ChannelAck(BaseModel):
    """The platform's call was taken: `messages` of it went to the conversation."""

    ok: bool = True
    messages: int


def _body() -> bytes:
    return (app.current_event.decoded_body or "").encode("utf-8")


def _zalo_keys() -> ZaloKeys:
    secret = chat_secret("zalo")
    return ZaloKeys(app_id=secret.get("app_id", ""), oa_secret=secret.get("oa_secret", ""))


def _messenger_keys() -> MessengerKeys:
    secret = chat_secret("messenger")
    return MessengerKeys(app_secret=secret.get("app_secret", ""), verify_token=secret.get("verify_token", ""))


@app.post(
    "/v1/channels/zalo",
    summary="Zalo OA webhook (signed with X-ZEvent-Signature: mac=<sha256>)",
    tags=TAGS,
)
def post_zalo(x_zevent_signature: Signature = None) -> ChannelAck:
    taken = receive_zalo(_body(), x_zevent_signature, _zalo_keys(), datetime.now(UTC), bus)
    logger.info("zalo event taken", extra={"messages": taken})
    return ChannelAck(messages=taken)


@app.get("/v1/channels/messenger", summary="Messenger webhook subscription handshake", tags=TAGS)
def get_messenger(
    mode: Annotated[str | None, Query(alias="hub.mode", max_length=20)] = None,
    token: Annotated[str | None, Query(alias="hub.verify_token", max_length=200)] = None,
    challenge: Annotated[str | None, Query(alias="hub.challenge", max_length=200)] = None,
) -> Response[str]:
    answer = messenger_handshake(mode, token, challenge, _messenger_keys())
    return Response(status_code=200, content_type=content_types.TEXT_PLAIN, body=answer)


@app.post(
    "/v1/channels/messenger",
    summary="Messenger page webhook (signed with X-Hub-Signature-256: sha256=<HMAC>)",
    tags=TAGS,
)
def post_messenger(x_hub_signature_256: HubSignature = None) -> ChannelAck:
    taken = receive_messenger(_body(), x_hub_signature_256, _messenger_keys(), bus)
    logger.info("messenger event taken", extra={"messages": taken})
    return ChannelAck(messages=taken)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)


init_done()  # last: the import is done, collection resumes (shared/cold_init.py)
