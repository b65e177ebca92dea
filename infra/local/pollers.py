"""Polls each SQS queue and calls its worker with an SQS batch event, as Lambda's event source mapping does.

Partial batch failures are honoured: only the records the worker did not report as failed are deleted;
the failed ones reappear after the visibility timeout and, after maxReceiveCount tries, SQS moves them
to the DLQ — the emulator's real redrive, not a simulation of it.

As the event source mapping does, a poller keeps up to `concurrency` batches of its queue in flight at
once, each handed to its own invocation (the invoker admits that many at a time); a message in flight is
invisible to the next receive, so no two invocations hold the same message (REDELIVER's copies aside).

In the cloud a queue's visibility timeout is six times its consumer's timeout, so a batch is never seen
again while an invocation still holds it; the local queues' timeout is seconds, so a failure is retried
soon. Locally nothing stops an invocation at its timeout, and a busy emulator can keep a batch longer than
those seconds: it would be received again, and again, by the next invocations, and its messages sent to the
dead-letter queue while the first was still at them. So a batch is received for as long as the cloud's
timeout, and its failed messages made visible again after the local queue's seconds, except before their
last receive, which waits for the consumer's timeout (`_retry_after`).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from infra.local.invoker import Invoker

Log = Callable[[str], None]
WAIT_SECONDS = 1


def sqs_event(messages: list[dict[str, Any]], queue_arn: str, region: str) -> dict[str, Any]:
    return {
        "Records": [
            {
                "messageId": m["MessageId"],
                "receiptHandle": m["ReceiptHandle"],
                "body": m["Body"],
                "attributes": m.get("Attributes", {}),
                "messageAttributes": m.get("MessageAttributes", {}),
                "md5OfBody": m.get("MD5OfBody") or hashlib.md5(m["Body"].encode()).hexdigest(),  # noqa: S324
                "eventSource": "aws:sqs",
                "eventSourceARN": queue_arn,
                "awsRegion": region,
            }
            for m in messages
        ]
    }


def _describe(body: str) -> str:
    try:
        message = json.loads(body)
        return f"{message.get('detail-type')} {message.get('detail', {}).get('report_id', '')}".strip()
    except (ValueError, AttributeError):
        return "(unreadable message)"


class QueuePoller(threading.Thread):
    def __init__(
        self,
        sqs: Any,
        queue: str,
        url: str,
        batch_size: int,
        invoker: Invoker,
        region: str,
        log: Log,
        deliveries: int = 1,
        concurrency: int = 1,
        in_flight_s: int = 0,
    ) -> None:
        super().__init__(name=f"poll-{queue}", daemon=True)
        self.sqs, self.queue, self.url, self.batch_size = sqs, queue, url, batch_size
        self.invoker, self.region, self.log = invoker, region, log
        # REDELIVER: each message received is handed to the worker this many times (SQS is at least once)
        self.deliveries = deliveries
        self.arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"
        ]
        self.wait_seconds = WAIT_SECONDS
        self.stopping = threading.Event()
        self.concurrency = max(1, concurrency)
        # How long a received batch stays invisible (0: the queue's own timeout), and after what a failed
        # message comes back (the queue's own timeout, read once).
        self.in_flight_s = in_flight_s
        attributes = sqs.get_queue_attributes(
            QueueUrl=url, AttributeNames=["VisibilityTimeout", "RedrivePolicy"]
        )["Attributes"]
        self.retry_after_s = int(attributes["VisibilityTimeout"])
        self.max_receives = int(json.loads(attributes.get("RedrivePolicy", "{}")).get("maxReceiveCount", 0))
        self._slots = threading.BoundedSemaphore(self.concurrency)  # batches in flight

    def run(self) -> None:
        with ThreadPoolExecutor(self.concurrency, thread_name_prefix=f"invoke-{self.queue}") as pool:
            while not self.stopping.is_set():
                if not self._slots.acquire(timeout=1):
                    continue
                try:
                    messages = self._receive()
                except Exception as error:  # keep polling: a broken emulator call must not kill the runner
                    self._slots.release()
                    if not self.stopping.is_set():
                        self.log(f"[{self.queue}] poll failed: {error!r}")
                        self.stopping.wait(1)
                    continue
                if messages:
                    pool.submit(self._handle_then_free, messages)
                else:
                    self._slots.release()

    def _handle_then_free(self, messages: list[dict[str, Any]]) -> None:
        try:
            self._handle(messages)
        except Exception as error:  # the batch's messages reappear after the visibility timeout
            self.log(f"[{self.queue}] batch failed: {error!r}")
            self._retry_soon(messages)
        finally:
            self._slots.release()

    def poll_once(self) -> int:
        """One batch received and handled in this thread; how many messages it held."""
        messages = self._receive()
        if messages:
            self._handle(messages)
        return len(messages)

    def _receive(self) -> list[dict[str, Any]]:
        request: dict[str, Any] = {"VisibilityTimeout": self.in_flight_s} if self.in_flight_s else {}
        messages: list[dict[str, Any]] = self.sqs.receive_message(
            QueueUrl=self.url,
            MaxNumberOfMessages=min(self.batch_size, 10),
            WaitTimeSeconds=self.wait_seconds,
            AttributeNames=["All"],
            MessageAttributeNames=["All"],
            **request,
        ).get("Messages", [])
        return messages

    def _retry_soon(self, messages: list[dict[str, Any]]) -> None:
        """Failed messages visible again after the queue's own timeout, as when received with it; if
        that fails, they come back after the in-flight time instead (later, never lost)."""
        if not self.in_flight_s or not messages:
            return
        entries = [
            {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"], "VisibilityTimeout": self._retry_after(m)}
            for i, m in enumerate(messages)
        ]
        try:
            self.sqs.change_message_visibility_batch(QueueUrl=self.url, Entries=entries)
        except Exception as error:
            self.log(f"[{self.queue}] could not bring failed messages back early: {error!r}")

    def _retry_after(self, message: dict[str, Any]) -> int:
        """The queue's seconds; before a message's last receive, at least its consumer's timeout. In the
        cloud each retry comes minutes later (six timeouts), by when whatever an earlier attempt left "in
        progress" (an idempotency record expires with its invocation) has expired; locally only that last
        chance waits so long, so a poisoned message still reaches its dead-letter queue within a minute."""
        received = int(message.get("Attributes", {}).get("ApproximateReceiveCount", "1"))
        if self.max_receives and received == self.max_receives - 1:
            return max(self.retry_after_s, self.invoker.function.timeout_s)
        return self.retry_after_s

    def _handle(self, messages: list[dict[str, Any]]) -> None:
        failed = self._invoke(messages)
        for _ in range(self.deliveries - 1):
            # A duplicate delivery: whichever copy succeeds deletes the message, as with SQS.
            failed &= self._invoke(messages)
        done = [m for m in messages if m["MessageId"] not in failed]
        self._retry_soon([m for m in messages if m["MessageId"] in failed])
        if done:
            self.sqs.delete_message_batch(
                QueueUrl=self.url,
                Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(done)],
            )
        for m in messages:
            mark = "✗ will retry" if m["MessageId"] in failed else "✓"
            self.log(f"[{self.queue}] {self.invoker.function.name} ← {_describe(m['Body'])} {mark}")

    def _invoke(self, messages: list[dict[str, Any]]) -> set[str]:
        """The ids of the messages that failed."""
        try:
            response = self.invoker(sqs_event(messages, self.arn, self.region)) or {}
        except Exception as error:  # a crashed invocation fails the whole batch, as in Lambda
            self.log(f"[{self.queue}] {self.invoker.function.name} crashed: {error!r}")
            return {m["MessageId"] for m in messages}
        return {item["itemIdentifier"] for item in response.get("batchItemFailures", [])}

    def stop(self) -> None:
        self.stopping.set()


class Timer(threading.Thread):
    """Invokes a scheduled function every `seconds` (EventBridge Scheduler never fires in the emulator)."""

    def __init__(self, invoker: Invoker, seconds: float, log: Log) -> None:
        super().__init__(name=f"timer-{invoker.function.name}", daemon=True)
        self.invoker, self.seconds, self.log = invoker, seconds, log
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(self.seconds):
            try:
                result = self.invoker(
                    {"source": "aws.events", "detail-type": "Scheduled Event", "detail": {}}
                )
                if any(result.values()):
                    self.log(f"[schedule] {self.invoker.function.name}: {result}")
            except Exception as error:
                self.log(f"[schedule] {self.invoker.function.name} failed: {error!r}")

    def stop(self) -> None:
        self.stopping.set()
