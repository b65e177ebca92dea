"""The SLA policy, a Monday morning and an urgent power category that the deadline tests share."""

from __future__ import annotations

from datetime import datetime

from shared.models import Category, DeadlinePolicy, Urgency
from shared.sla_policy import SlaSettings, policy_from
from shared.working_time import TZ

RULES = policy_from(SlaSettings())
MONDAY = datetime(2026, 10, 5, 9, 0, tzinfo=TZ)
POWER = Category(
    code="dien",
    name_vi="Điện",
    name_en="Power",
    default_urgency=Urgency.URGENT,
    deadlines={Urgency.URGENT: DeadlinePolicy(accept_hours=4, answer_days=3)},
)
