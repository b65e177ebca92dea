"""Notify's settings, read from the environment (`shared/config.py`) for each invocation."""

from __future__ import annotations

from services.notify.models import NotifySettings
from shared.config import get_settings


def addresses(setting: str) -> list[str]:
    """A comma-separated list of email addresses."""
    return [a.strip() for a in setting.split(",") if a.strip()]


def notify_settings() -> NotifySettings:
    settings = get_settings()
    return NotifySettings(
        operator_emails=addresses(settings.operator_emails),
        leader_emails=addresses(settings.leader_emails),
        public_web_url=settings.public_web_url,
        local_webhooks=settings.webhook_profile == "local",
        webhook_timeout_s=settings.webhook_timeout_s,
    )
