"""Notify's settings, read from the environment (`shared/config.py`) for each invocation."""

from __future__ import annotations

from urllib.parse import urlsplit

from services.notify.models import NotifySettings
from shared.config import get_settings
from shared.ssrf_guard import port_list


def addresses(setting: str) -> list[str]:
    """A comma-separated list of email addresses."""
    return [a.strip() for a in setting.split(",") if a.strip()]


def emulator_ports(endpoint_url: str) -> list[int]:
    """The AWS emulator's port, when AWS calls go to one (the local runner): no webhook may reach it."""
    try:
        port = urlsplit(endpoint_url).port if endpoint_url else None
    except ValueError:
        return []
    return [port] if port else []


def notify_settings() -> NotifySettings:
    settings = get_settings()
    return NotifySettings(
        operator_emails=addresses(settings.operator_emails),
        leader_emails=addresses(settings.leader_emails),
        public_web_url=settings.public_web_url,
        local_webhooks=settings.webhook_profile == "local",
        refused_local_ports=emulator_ports(settings.aws_endpoint_url),
        allowed_local_ports=port_list(settings.local_webhook_ports),
        webhook_timeout_s=settings.webhook_timeout_s,
    )
