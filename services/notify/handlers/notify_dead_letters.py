"""notify-dead-letters: a webhook delivery was given up → the agency and the operators get an email (the
message only names the delivery; the delivery item holds the rest)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel

from services.notify.dal.delivery_log_table import DeliveriesTable
from services.notify.dal.environment import notify_settings
from services.notify.dal.exactly_once import OnceMessages, config
from services.notify.dal.message_templates import JinjaTemplates
from services.notify.dal.ses_email import SesEmail
from services.notify.dal.sns_sms import SnsSms
from services.notify.dal.webhook_deliveries_table import WebhookDeliveries
from services.notify.logic.dead_letter_notice import tell_about_dead_letter
from shared.cold_init import init_done
from shared.directory import DirectoryRepository
from shared.sqs_batch import handle_batch
from shared.tracing import TRACED_MODULES

logger = Logger(service="notify")
tracer = Tracer(service="notify", patch_modules=TRACED_MODULES)
directory = DirectoryRepository()
store = WebhookDeliveries()
messages = OnceMessages(SesEmail(), SnsSms(), DeliveriesTable())
templates = JinjaTemplates()


class DeadLetter(BaseModel):
    delivery_id: str


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    config.register_lambda_context(context)
    settings = notify_settings()

    def tell(message: DeadLetter) -> None:
        delivery_id = message.delivery_id
        if not tell_about_dead_letter(delivery_id, store, directory, messages, templates, settings):
            logger.warning("dead letter for an unknown delivery", extra={"delivery_id": delivery_id})

    return handle_batch(event, DeadLetter, tell)


init_done()  # last: the import is done, collection resumes (shared/cold_init.py)
