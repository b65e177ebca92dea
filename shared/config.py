"""Settings read from the environment (names come from infra/topology.py).

A plain pydantic model filled from `os.environ`, not pydantic-settings: that library costs every Lambda
~90 ms of cold start at import (its sources pull in asyncio and more) for what is here one dictionary
lookup per field. Its rules are kept: a variable matches a field whatever its case, and a list is given as
JSON (`EXTRA_DAYS_OFF='["2027-02-03"]'`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator


class Settings(BaseModel):
    model_config = ConfigDict(extra="ignore")

    aws_region: str = "ap-southeast-1"
    aws_endpoint_url: str = ""  # set by the local runner only: the AWS emulator's address
    reports_table: str = "reports"
    directory_table: str = "directory"
    deliveries_table: str = "deliveries"
    stats_table: str = "stats"
    idempotency_table: str = "idempotency"
    uploads_table: str = "uploads"
    photos_bucket: str = "photos"
    event_bus_name: str = "reports"
    mail_from: str = "phananh@demo.gov.vn"
    ses_configuration_set: str = ""  # set in the cloud: reputation tracking and suppression
    public_web_url: str = "http://127.0.0.1:8080"
    # Signs page cursors (shared/cursor_key.py); empty means a random key per process.
    cursor_secret: str = ""
    # Where this API is reached from outside: links in responses are built on it, never on request headers.
    public_api_url: str = "http://127.0.0.1:8080"
    timezone: str = "Asia/Ho_Chi_Minh"
    answer_days_default: int = 6
    # Cognito: the issuer tokens carry and where its keys are served (the emulator serves them elsewhere).
    auth_issuer: str = ""
    auth_jwks_url: str = ""
    auth_client_id: str = ""
    # notify: webhooks, SMS, operators' and leaders' addresses.
    webhooks_table: str = "webhooks"
    webhook_dead_letters_queue_url: str = ""
    webhook_retries_queue_url: str = ""
    # "cloud": https to public addresses only; "local" (the local runner) also allows http to loopback.
    webhook_profile: str = "cloud"
    webhook_timeout_s: float = 15.0
    # Comma-separated, local profile only: the loopback ports webhooks may reach (the local runner's demo
    # receiver and fake chat platforms); empty allows any loopback port but the emulator's.
    local_webhook_ports: str = ""
    # Comma-separated: who hears about reports waiting for triage / dead letters, and about escalations.
    operator_emails: str = "ioc@phananh-demo.vn"
    leader_emails: str = "lanhdao@phananh-demo.vn"
    # Chat channels: the conversations table, the secrets' names (never their values) and the platforms'
    # send-API base addresses (the local runner points them at its fake platforms).
    chats_table: str = "chats"
    zalo_secret_id: str = ""
    messenger_secret_id: str = ""
    zalo_api_base: str = "https://openapi.zalo.me"
    zalo_oauth_base: str = "https://oauth.zaloapp.com"
    messenger_api_base: str = "https://graph.facebook.com"
    chat_send_timeout_s: float = 10.0
    # The staff user pool, for the admin API that creates agency groups
    user_pool_id: str = ""
    # The working-time calendar and the SLA policy. Dates as JSON lists: '["2027-02-03"]'.
    office_hours: str = "07:30-11:30,13:30-17:00"
    extra_days_off: list[date] = []
    makeup_working_days: list[date] = []
    accept_hours_default: float = 8
    sla_warning_fraction: float = 0.25  # warn when this share of the allowance is left (or 1 day, if less)
    sla_escalate_after_days: float = 2  # escalate to the leaders this many working days after a breach

    @field_validator("extra_days_off", "makeup_working_days", mode="before")
    @classmethod
    def _json_list(cls, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str) else value


def settings_from(environ: Mapping[str, str]) -> Settings:
    """The fields found in `environ` (names matched case-insensitively), defaults for the rest."""
    by_name = {name.lower(): value for name, value in environ.items()}
    return Settings.model_validate({f: by_name[f] for f in Settings.model_fields if f in by_name})


@cache
def get_settings() -> Settings:
    return settings_from(os.environ)
