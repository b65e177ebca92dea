"""Notify's data: the API's inputs and outputs (its OpenAPI schema), the delivery log, webhook endpoints and
deliveries, one email or SMS to send, and the settings notify's rules read."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from shared.header_value import header_value
from shared.plain_text import PlainTextInput

Audience = Literal["agency", "reporter", "operators", "leaders"]
Channel = Literal["email", "sms", "webhook", "zalo", "messenger"]
CHAT_CHANNELS = ("zalo", "messenger")
DeliveryState = Literal["pending", "delivered", "dead", "disabled"]
# `defer_build` on the API's own models (webhooks as shown, the log page): built by the first request of
# a route that uses them, not at import. The notify workers import this module and never use them; the
# API builds those of the route a cold start serves (docs/decisions.md, cold).


class NotifySettings(BaseModel):
    """What notify's rules need from the environment, read by the handler for each invocation."""

    operator_emails: list[str] = []
    leader_emails: list[str] = []
    public_web_url: str = "http://127.0.0.1:8080"
    local_webhooks: bool = False  # the local profile: http to loopback allowed
    refused_local_ports: list[int] = []  # … except to these ports (the AWS emulator's)
    allowed_local_ports: list[int] = []  # … and, when any, only to these (the runner's receivers)
    webhook_timeout_s: float = 15.0


class LogEntry(BaseModel):
    """One attempt (email, SMS, webhook) and its outcome, as the delivery log shows it."""

    report_id: str
    event_id: str
    event_type: str
    channel: Channel
    audience: Audience
    recipient: str  # masked for reporters
    outcome: str  # sent, delivered, retrying, failed, disabled, refused
    at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    agency_id: str | None = None
    attempt: int = 1
    status_code: int | None = None
    latency_ms: int | None = None
    error: str | None = None
    ref: str | None = None  # SES/SNS message id, or the webhook-id
    next_attempt_at: datetime | None = None


class Delivery(BaseModel):
    """One email or SMS; sent at most once per (event_id, recipient, channel)."""

    event_id: str
    report_id: str
    recipient: str
    channel: str
    subject: str = ""
    text: str
    html: str = ""
    # What the delivery log says about it:
    event_type: str = ""
    audience: Audience = "agency"
    agency_id: str | None = None
    logged_as: str = ""  # the recipient as the log shows it (masked for reporters)

    def sent_entry(self, ref: str) -> LogEntry:
        return LogEntry(
            report_id=self.report_id,
            event_id=self.event_id,
            event_type=self.event_type,
            channel=self.channel if self.channel in ("sms", *CHAT_CHANNELS) else "email",
            audience=self.audience,
            recipient=self.logged_as or self.recipient,
            outcome="sent",
            agency_id=self.agency_id,
            ref=ref,
        )


class Rendered(BaseModel):
    """A message in one language: email subject, text and HTML, and for reporters the SMS text and the
    chat text (Zalo OA, Messenger: plain, longer than an SMS)."""

    subject: str = ""
    text: str = ""
    html: str = ""
    sms: str = ""
    chat: str = ""

    @field_validator("subject")
    @classmethod
    def _one_header_line(cls, subject: str) -> str:
        # Filled from names admins edit; the subject is an email header.
        return header_value(subject)


class SigningSecret(BaseModel):
    secret: str
    created_at: datetime
    expires_at: datetime | None = None  # set when a newer secret replaced it


class Endpoint(BaseModel):
    """An agency's webhook receiver and its signing secrets (newest first)."""

    id: str
    agency_id: str
    url: str
    created_at: datetime
    secrets: list[SigningSecret] = Field(min_length=1)
    enabled: bool = True
    disabled_reason: str | None = None
    disabled_at: datetime | None = None
    version: int = 1

    def signing_secrets(self, now: datetime) -> list[str]:
        return [s.secret for s in self.secrets if s.expires_at is None or s.expires_at > now]


class WebhookDelivery(BaseModel):
    """One event to one endpoint, across all its attempts."""

    id: str  # the webhook-id header: stable across retries
    endpoint_id: str
    agency_id: str
    report_id: str
    event_id: str
    event_type: str
    body: str  # fixed at creation: every attempt sends the same bytes
    created_at: datetime
    state: DeliveryState = "pending"
    attempts: int = 0
    due_at: datetime | None = None
    last_status_code: int | None = None
    last_error: str | None = None


class RegisterWebhook(PlainTextInput):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)

    url: str = Field(min_length=8, max_length=2048, description="https URL of the agency's receiver")


class Webhook(BaseModel):
    model_config = ConfigDict(defer_build=True)

    id: str
    agency_id: str
    url: str
    enabled: bool
    disabled_reason: str | None = None
    created_at: datetime


class WebhookCreated(Webhook):
    secret: str = Field(description="Signing secret (whsec_...): shown once, store it now")


class WebhookRotated(BaseModel):
    model_config = ConfigDict(defer_build=True)

    id: str
    secret: str = Field(description="The new signing secret: shown once")
    previous_secret_valid_until: datetime = Field(description="Until then both secrets sign each message")


class Webhooks(BaseModel):
    model_config = ConfigDict(defer_build=True)

    items: list[Webhook]


class DeliveryLog(BaseModel):
    model_config = ConfigDict(defer_build=True)

    items: list[LogEntry]
