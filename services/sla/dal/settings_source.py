"""The SLA settings as the deployment's environment gives them (shared config), for the handlers."""

from __future__ import annotations

from shared.config import get_settings
from shared.sla_policy import SlaSettings


def sla_settings() -> SlaSettings:
    configured = get_settings().model_dump(include=set(SlaSettings.model_fields))
    return SlaSettings.model_validate(configured)
