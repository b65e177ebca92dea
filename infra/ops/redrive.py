"""Moving a dead-letter queue's messages back to the queue they came from.

In AWS: an SQS message-move task (StartMessageMoveTask), followed until it ends. Where that API does not
exist — the moto emulator of the local run does not implement it (asking it anyway prints a stack trace in
the runner's terminal) — the same move by hand: receive, send to the source, delete; and the command says so.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from infra.ops.dead_letters import depth, dlq_url, source_url
from infra.ops.errors import FAILED, OpsError
from infra.ops.system import System

Say = Callable[[str], None]
POLL_S = 2.0
HOLD_S = 60  # a message being moved by hand stays hidden this long; a crash leaves it in the DLQ
ENDED = {"COMPLETED", "CANCELLED", "FAILED"}


def _arn(sqs: Any, url: str) -> str:
    return str(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"])


def redrive(system: System, name: str, say: Say, poll_s: float = POLL_S) -> int:
    """Moves every message of `name`'s dead-letter queue to its source queue; returns how many moved."""
    sqs = system.client("sqs")
    dlq, source = dlq_url(system, name), source_url(system, name)
    waiting = depth(sqs, dlq)
    if not waiting:
        say(f"{name}: the dead-letter queue is empty, nothing to redrive.")
        return 0
    say(f"{name}: moving {waiting} message(s) back to the {name} queue…")
    if system.endpoint_url is not None:
        say(
            "    The local AWS emulator (moto) does not implement StartMessageMoveTask: moving the messages"
            " one batch at a time instead (receive, send to the source, delete)."
        )
        return move_by_hand(sqs, dlq, source, waiting, say)
    try:
        handle = sqs.start_message_move_task(SourceArn=_arn(sqs, dlq), DestinationArn=_arn(sqs, source))
    except NotImplementedError:  # moto in-process (tests): the same fallback, said the same way
        say("    StartMessageMoveTask is not implemented here: moving the messages one batch at a time.")
        return move_by_hand(sqs, dlq, source, waiting, say)
    return _follow(sqs, _arn(sqs, dlq), handle["TaskHandle"], say, poll_s)


def _follow(sqs: Any, dlq_arn: str, task: str, say: Say, poll_s: float) -> int:
    while True:
        tasks = sqs.list_message_move_tasks(SourceArn=dlq_arn, MaxResults=10)["Results"]
        mine = next((t for t in tasks if t.get("TaskHandle") == task), tasks[0] if tasks else {})
        moved = int(mine.get("ApproximateNumberOfMessagesMoved", 0))
        say(f"    {mine.get('Status', '?')}: {moved} of {mine.get('ApproximateNumberOfMessagesToMove', '?')}")
        if mine.get("Status") in ENDED:
            if mine["Status"] != "COMPLETED":
                raise _move_failed(mine, moved)
            return moved
        time.sleep(poll_s)


def _move_failed(task: dict[str, Any], moved: int) -> OpsError:
    status, reason = task["Status"], task.get("FailureReason", "")
    return OpsError(
        f"việc chuyển dừng ở trạng thái {status} sau {moved} thư: {reason}",
        f"the move ended {status} after {moved} messages: {reason}",
        FAILED,
    )


def move_by_hand(sqs: Any, dlq: str, source: str, at_most: int, say: Say) -> int:
    """Receive → send to the source → delete, at most `at_most` messages (those there at the start): a
    message is deleted only once the source queue accepted it, so a failure repeats it, never loses it."""
    moved = 0
    while moved < at_most:
        batch = sqs.receive_message(
            QueueUrl=dlq,
            MaxNumberOfMessages=min(10, at_most - moved),
            VisibilityTimeout=HOLD_S,
            MessageAttributeNames=["All"],
        ).get("Messages", [])
        if not batch:
            break
        moved += _move_batch(sqs, batch, dlq, source)
        say(f"    moved {moved} of {at_most}")
    return moved


def _move_batch(sqs: Any, batch: list[dict[str, Any]], dlq: str, source: str) -> int:
    entries = []
    for i, message in enumerate(batch):
        entry: dict[str, Any] = {"Id": str(i), "MessageBody": message["Body"]}
        if message.get("MessageAttributes"):
            entry["MessageAttributes"] = message["MessageAttributes"]
        entries.append(entry)
    sent = sqs.send_message_batch(QueueUrl=source, Entries=entries)
    accepted = [batch[int(ok["Id"])] for ok in sent.get("Successful", [])]
    if accepted:
        sqs.delete_message_batch(
            QueueUrl=dlq,
            Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(accepted)],
        )
    if sent.get("Failed"):
        raise OpsError(
            f"hàng đợi nguồn từ chối {len(sent['Failed'])} thư; chúng vẫn nằm trong hàng đợi thư chết.",
            f"the source queue refused {len(sent['Failed'])} messages; they stay in the dead-letter queue.",
            FAILED,
        )
    return len(accepted)
