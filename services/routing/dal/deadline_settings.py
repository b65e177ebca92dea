"""The SLA policy as the deployment's environment gives it (shared config): the deadlines an assignment
sets follow it, read as the SLA service reads it."""

from __future__ import annotations

from shared.config import get_settings
from shared.sla_policy import SlaPolicy, SlaSettings, policy_from


def deadline_policy() -> SlaPolicy:
    configured = get_settings().model_dump(include=set(SlaSettings.model_fields))
    return policy_from(SlaSettings.model_validate(configured))
