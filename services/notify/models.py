"""The notify API's inputs and outputs (they are also its OpenAPI schema)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from services.notify.deliveries import LogEntry


class RegisterWebhook(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    url: str = Field(min_length=8, max_length=2048, description="https URL of the agency's receiver")


class Webhook(BaseModel):
    id: str
    agency_id: str
    url: str
    enabled: bool
    disabled_reason: str | None = None
    created_at: datetime


class WebhookCreated(Webhook):
    secret: str = Field(description="Signing secret (whsec_...): shown once, store it now")


class WebhookRotated(BaseModel):
    id: str
    secret: str = Field(description="The new signing secret: shown once")
    previous_secret_valid_until: datetime = Field(description="Until then both secrets sign each message")


class Webhooks(BaseModel):
    items: list[Webhook]


class DeliveryLog(BaseModel):
    items: list[LogEntry]
