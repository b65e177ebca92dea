"""The SLA policy, a Monday morning, an urgent power category and a directory holding it with its power
company, which the deadline and statistics tests share."""

from __future__ import annotations

from datetime import datetime

from shared.models import Agency, Category, DeadlinePolicy, Urgency
from shared.sla_policy import SlaSettings, policy_from
from shared.working_time import TZ
from tests.fakes import FakeDirectory

RULES = policy_from(SlaSettings())
MONDAY = datetime(2026, 10, 5, 9, 0, tzinfo=TZ)
POWER = Category(
    code="dien",
    name_vi="Điện",
    name_en="Power",
    default_urgency=Urgency.URGENT,
    deadlines={Urgency.URGENT: DeadlinePolicy(accept_hours=4, answer_days=3)},
)


def power_directory() -> FakeDirectory:
    directory = FakeDirectory()
    directory.put_category(POWER)
    directory.put_agency(Agency(id="dien-luc", name="Điện lực", kind="company", emails=["a@b.vn"]))
    return directory
