"""The SLA settings as the deployment's environment gives them (shared config), for the handlers."""

from __future__ import annotations

from services.sla.models import SlaSettings
from shared.config import get_settings


def sla_settings() -> SlaSettings:
    settings = get_settings()
    configured = {name: getattr(settings, name) for name in SlaSettings.model_fields}
    return SlaSettings.model_validate(configured)
