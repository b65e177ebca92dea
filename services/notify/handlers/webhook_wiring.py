"""The webhook channel as the three notify functions that attempt deliveries build it."""

from __future__ import annotations

from services.notify.dal.agency_endpoints_cache import CachedAgencyEndpoints
from services.notify.dal.dead_letter_queue import send_dead_letter
from services.notify.dal.delivery_log_table import DeliveriesTable
from services.notify.dal.retry_wake_up_queue import RetryWakeUpQueue
from services.notify.dal.webhook_deliveries_table import WebhookDeliveries
from services.notify.dal.webhook_http import PinnedHttp
from services.notify.logic.webhook_attempt import WebhookChannel


def webhook_channel(log: DeliveriesTable | None = None) -> WebhookChannel:
    return WebhookChannel(
        endpoints=CachedAgencyEndpoints(),
        store=WebhookDeliveries(),
        http=PinnedHttp(),
        log=log or DeliveriesTable(),
        give_up=send_dead_letter,
        wake_up=RetryWakeUpQueue(),
    )
