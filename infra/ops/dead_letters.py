"""Dead-letter queues: their depth and oldest message, a dead letter's content (contact masked), and the
way back to the source queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from infra.ops.errors import BAD_INPUT, OpsError
from infra.ops.masking import masked_body
from infra.ops.system import System

PEEK_HOLD_S = 30  # messages read to look at them are hidden this long, then made visible again at once
# Dead-letter queues that no SQS queue feeds (EventBridge targets, asynchronous invocations, schedules):
# what they hold is an event or an invocation, re-sent by hand after reading it, not moved to a queue.
NO_SOURCE = {
    "undeliverable-events": "EventBridge could not deliver these events to their queue",
    "report-outbox": "the outbox pipe gave up on these stream batches: outbox republish their events",
}


@dataclass(frozen=True)
class DlqState:
    name: str
    depth: int  # visible + in flight
    oldest_age_s: float | None  # of the messages looked at
    looked_at_all: bool
    source: str | None


def _names(system: System) -> str:
    return ", ".join(sorted(system.dead_letter_queues))


def dlq_url(system: System, name: str) -> str:
    """The dead-letter queue of `name` (a topology name; "<name>-dlq" is accepted too)."""
    key = name if name in system.dead_letter_queues else name.removesuffix("-dlq")
    if key not in system.dead_letter_queues:
        raise OpsError(
            f"không có hàng đợi thư chết tên “{name[:80]}”. Các tên có: {_names(system)}.",
            f"no dead-letter queue named “{name[:80]}”. Known: {_names(system)}.",
            BAD_INPUT,
        )
    return system.url(system.dead_letter_queues[key])


def peek(sqs: Any, url: str, limit: int) -> list[dict[str, Any]]:
    """Up to `limit` messages, read and then made visible again (nothing is deleted)."""
    seen: dict[str, dict[str, Any]] = {}
    while len(seen) < limit:
        batch = sqs.receive_message(
            QueueUrl=url,
            MaxNumberOfMessages=min(10, limit - len(seen)),
            VisibilityTimeout=PEEK_HOLD_S,
            AttributeNames=["All"],
            MessageAttributeNames=["All"],
        ).get("Messages", [])
        fresh = [m for m in batch if m["MessageId"] not in seen]
        if not fresh:
            break
        seen.update((m["MessageId"], m) for m in fresh)
    messages = list(seen.values())
    for start in range(0, len(messages), 10):
        sqs.change_message_visibility_batch(
            QueueUrl=url,
            Entries=[
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"], "VisibilityTimeout": 0}
                for i, m in enumerate(messages[start : start + 10])
            ],
        )
    return messages


def _sent_at(message: dict[str, Any]) -> datetime:
    return datetime.fromtimestamp(int(message["Attributes"]["SentTimestamp"]) / 1000, UTC)


def depth(sqs: Any, url: str) -> int:
    attributes = sqs.get_queue_attributes(
        QueueUrl=url,
        AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    )["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"]) + int(
        attributes["ApproximateNumberOfMessagesNotVisible"]
    )


def dlq_states(system: System, now: datetime | None = None, look_at: int = 100) -> list[DlqState]:
    """Every dead-letter queue with its depth and the age of the oldest message among those looked at."""
    sqs, now = system.client("sqs"), now or datetime.now(UTC)
    states = []
    for name in sorted(system.dead_letter_queues):
        url = system.url(system.dead_letter_queues[name])
        count = depth(sqs, url)
        messages = peek(sqs, url, look_at) if count else []
        oldest = min((_sent_at(m) for m in messages), default=None)
        states.append(
            DlqState(
                name=name,
                depth=count,
                oldest_age_s=(now - oldest).total_seconds() if oldest else None,
                looked_at_all=len(messages) >= count,
                source=name if name in system.queues else None,
            )
        )
    return states


def shown(message: dict[str, Any]) -> dict[str, Any]:
    """A dead letter as an operator reads it: when it was sent, how often tried, its body masked."""
    attributes = message.get("Attributes", {})
    return {
        "message_id": message["MessageId"],
        "sent_at": _sent_at(message).isoformat(timespec="seconds"),
        "receive_count": int(attributes.get("ApproximateReceiveCount", 0)),
        "body": masked_body(message["Body"]),
    }


def show(system: System, name: str, limit: int) -> list[dict[str, Any]]:
    url = dlq_url(system, name)
    return [shown(m) for m in sorted(peek(system.client("sqs"), url, limit), key=_sent_at)]


def source_url(system: System, name: str) -> str:
    key = name.removesuffix("-dlq") if name not in system.dead_letter_queues else name
    dlq_url(system, key)  # refuses an unknown name first
    if key not in system.queues:
        why = NO_SOURCE.get(key, "a function's failed invocations (asynchronous or scheduled) land here")
        raise OpsError(
            f"“{key}” không có hàng đợi nguồn để chuyển lại ({why}). Dùng `dlq show {key}` để đọc.",
            f"“{key}” has no source queue to redrive to ({why}). Read it with `dlq show {key}`.",
            BAD_INPUT,
        )
    return system.url(system.queues[key])
