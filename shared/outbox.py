"""After a change is committed with its event (see repository.py), put the event on the bus.

A failure here is not the caller's failure: the event stays in the outbox and the sweep's relay
publishes it later with the same event id, which every consumer deduplicates on.
"""

from __future__ import annotations

from aws_lambda_powertools import Logger
from botocore.exceptions import BotoCoreError, ClientError

from shared.errors import PublishError
from shared.events import ReportEvent
from shared.publisher import publish
from shared.repository import ReportRepository

logger = Logger(child=True)


def flush(repo: ReportRepository, events: list[ReportEvent]) -> bool:
    """Returns False when the events were left for the relay."""
    try:
        publish(events)
    except (PublishError, ClientError, BotoCoreError):
        logger.exception("publish failed; left in the outbox for the relay", extra={"count": len(events)})
        return False
    for event in events:
        repo.mark_published(event)
    return True
