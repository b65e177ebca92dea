"""notify-worker: events from its queue → emails, SMS and webhooks for whoever must know."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.utilities.typing import LambdaContext

from services.notify.dal.chat_backoff import hold_back
from services.notify.dal.delivery_log_table import DeliveriesTable
from services.notify.dal.environment import notify_settings
from services.notify.dal.exactly_once import OnceMessages, config
from services.notify.dal.message_templates import JinjaTemplates
from services.notify.dal.ses_email import SesEmail
from services.notify.dal.sns_sms import SnsSms
from services.notify.handlers.webhook_wiring import webhook_channel
from services.notify.logic.announce import Notifier, announce
from shared.chat_send.refused import ChatRefused
from shared.chat_send.sender import ChatSender
from shared.chat_window import last_inbound_at
from shared.cold_init import init_done
from shared.consumer import consume
from shared.directory import DirectoryRepository
from shared.events import ReportEvent
from shared.repository import ReportRepository
from shared.tracing import TRACED_MODULES

logger = Logger(service="notify")
tracer = Tracer(service="notify", patch_modules=TRACED_MODULES)
directory = DirectoryRepository()
reports = ReportRepository()
log = DeliveriesTable()
messages = OnceMessages(SesEmail(), SnsSms(), log, ChatSender(), last_inbound_at)
templates = JinjaTemplates()
webhooks = webhook_channel(log)
# A first webhook attempt runs inline only while this much time is left; later ones go to notify-retry.
INLINE_ATTEMPT_MIN_MS = 20_000


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    config.register_lambda_context(context)
    notifier = Notifier(
        reports=reports,
        directory=directory,
        messages=messages,
        templates=templates,
        webhooks=webhooks,
        settings=notify_settings(),
        attempt_now=lambda: context.get_remaining_time_in_millis() > INLINE_ATTEMPT_MIN_MS,
    )

    refused: set[str] = set()  # events whose chat message was refused: redelivered later
    try:
        return consume(event, context, _announcing(notifier, refused))
    finally:  # also when every record failed (Powertools then raises)
        hold_back(event, refused)


def _announcing(notifier: Notifier, refused: set[str]) -> Callable[[ReportEvent], None]:
    def on_event(report_event: ReportEvent) -> None:
        try:
            outcome = announce(report_event, notifier)
        except ChatRefused:
            refused.add(report_event.event_id)
            raise
        where = {"report_id": report_event.report_id, "event_type": report_event.type.value}
        if outcome == "report_missing":
            logger.warning("report of the event not found", extra=where)
        elif outcome == "announced":
            logger.info("event announced", extra=where)

    return on_event


init_done()  # last: the import is done, collection resumes (shared/cold_init.py)
