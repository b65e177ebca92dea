"""When an event comes back whose chat message the platform refused (a Zalo OA or Messenger outage, an
expired token being refreshed): SQS redelivers it after a delay that doubles with each receive — 30 s,
1 min, 2 min, 4 min — and the queue dead-letters it after its last try, as it does any failed event. The
deliveries already made for the event are not repeated (each is sent once)."""

from __future__ import annotations

FIRST_DELAY_S = 30
LONGEST_DELAY_S = 900


def chat_retry_delay(receive_count: int) -> int:
    """Seconds before the event is tried again, after its `receive_count`-th receive failed."""
    return min(LONGEST_DELAY_S, FIRST_DELAY_S * 2 ** max(receive_count - 1, 0))
