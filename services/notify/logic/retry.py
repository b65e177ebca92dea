"""The due webhook deliveries, attempted once each (another attempt that claimed one first wins)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime

from services.notify.logic.webhook import GiveUp, attempt
from services.notify.webhooks.endpoints import Endpoints
from services.notify.webhooks.store import WebhookDeliveries


def retry_due(
    store: WebhookDeliveries,
    endpoints: Endpoints,
    give_up: GiveUp,
    keep_going: Callable[[], bool] = lambda: True,
    now: datetime | None = None,
) -> Counter[str]:
    now = now or datetime.now(UTC)
    outcomes: Counter[str] = Counter()
    for delivery in store.due(now):
        if not keep_going():
            break
        outcomes[attempt(delivery, endpoints, store, give_up, now)] += 1
    return outcomes
