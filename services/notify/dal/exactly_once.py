"""Exactly one email or SMS per (event, recipient, channel), however often SQS delivers the message: the send
runs under `shared.idempotency.guard`, keyed on those three (not on the SQS message id), and its log entry
is written in the same transaction that marks the record completed (dal/logged_completion.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Protocol

from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig

from services.notify.dal.logged_completion import LoggedCompletion, logged_completion
from services.notify.models import Delivery, LogEntry
from shared.idempotency import run_once
from shared.models import ChatContact

# The remaining window: a crash after SES/SNS accepted the message but before the idempotency record is
# completed repeats that one message on retry (it is completed right after the send). Webhooks use their
# own delivery item instead (dal/webhook_deliveries_table.py).
config = IdempotencyConfig(
    event_key_jmespath="[event_id, recipient, channel]", expires_after_seconds=7 * 24 * 3600
)
# Powertools keys each record by "<function's module>.<function's qualified name>#<hash>": the guarded
# functions keep the module and names records were written under, so records already stored still match.
RECORDS_MODULE = "services.notify.logic.once"


class Transport(Protocol):
    def send(self, to: str, subject: str, text: str, html: str) -> str: ...


class TextTransport(Protocol):
    def send(self, phone: str, text: str) -> str: ...


class LogLines(Protocol):
    def record(self, entry: LogEntry) -> None: ...

    def put_request(self, entry: LogEntry) -> dict[str, Any]: ...


class ChatTransport(Protocol):
    def send(self, contact: ChatContact, text: str, last_inbound_at: datetime | None) -> str: ...


class OnceMessages:
    """Sends each delivery through SES (email), SNS (sms) or a chat platform (zalo, messenger) at most once
    and writes it to the log. A chat platform's refusal raises: the event is retried from the queue (the
    deliveries already made are not repeated) and dead-lettered after the queue's attempts."""

    def __init__(
        self,
        email: Transport,
        sms: TextTransport,
        log: LogLines,
        chat: ChatTransport | None = None,
        last_inbound_at: Callable[[ChatContact], datetime | None] = lambda _: None,
    ) -> None:
        self._email = _named("email", self._send_email)
        self._sms = _named("sms", self._send_sms)
        self._chat = _named("chat", self._send_chat)
        self._guarded = {"email": self._email, "sms": self._sms}
        self.email, self.sms, self.log = email, sms, log
        self.chat, self.last_inbound_at = chat, last_inbound_at
        self._records: LoggedCompletion | None = None

    def send(self, delivery: Delivery) -> dict[str, Any]:
        deliver = {"sms": self._sms, "zalo": self._chat, "messenger": self._chat}.get(
            delivery.channel, self._email
        )
        # Guarded on each call, not once: the persistence layer follows the environment (shared/idempotency).
        self._records = logged_completion()
        self._records.complete_with(None)
        return run_once(deliver, config, "delivery", delivery, store=self._records, output_serializer=None)

    def send_all(self, deliveries: Sequence[Delivery]) -> None:
        """Each as `send`, in order, stopping at the first failure. The emails' and SMS' records are written
        "in progress" in one transaction before the first (dal/joint_claims.py) and completed, with their log
        lines, in one after the last (dal/logged_completion.py); a chat message keeps its own."""
        # An address heard twice in one event (an agency's address that is also the reporter's) gets the
        # first message, as the idempotency key says; its record is not completed yet when the second comes.
        once: list[Delivery] = []
        for delivery in deliveries:
            if all((d.recipient, d.channel) != (delivery.recipient, delivery.channel) for d in once):
                once.append(delivery)
        records = logged_completion()
        claims = [(self._guarded[d.channel], d) for d in once if d.channel in ("email", "sms")]
        with records.together(), records.claimed(claims, config):
            for message in once:
                self.send(message)

    def _sent(self, delivery: Delivery, message_id: str) -> dict[str, Any]:
        if self._records is not None:
            self._records.complete_with(self.log.put_request(delivery.sent_entry(message_id)))
        return {"message_id": message_id}

    def _send_email(self, delivery: Delivery) -> dict[str, Any]:
        message_id = self.email.send(delivery.recipient, delivery.subject, delivery.text, delivery.html)
        return self._sent(delivery, message_id)

    def _send_sms(self, delivery: Delivery) -> dict[str, Any]:
        message_id = self.sms.send(delivery.recipient, delivery.text)
        return self._sent(delivery, message_id)

    def _send_chat(self, delivery: Delivery) -> dict[str, Any]:
        if self.chat is None:
            raise RuntimeError("no chat transport")
        contact = ChatContact(platform=delivery.channel, user_id=delivery.recipient)
        message_id = self.chat.send(contact, delivery.text, self.last_inbound_at(contact))
        # A chat message's log line stays a write of its own (its unit tests check the line with the
        # idempotency layer left out); emails and SMS, most messages, carry theirs in the completion.
        self.log.record(delivery.sent_entry(message_id))
        return {"message_id": message_id}


def _named(channel: str, send: Callable[[Delivery], dict[str, Any]]) -> Callable[..., dict[str, Any]]:
    def deliver(delivery: Delivery) -> dict[str, Any]:
        return send(delivery)

    deliver.__qualname__ = deliver.__name__ = f"deliver_{channel}"
    deliver.__module__ = RECORDS_MODULE
    return deliver
