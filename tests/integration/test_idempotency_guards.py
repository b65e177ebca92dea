"""Two idempotency guards in one process (the local run hosts every function in one) each keep their own
key: the second one used must not take the first one's key expression and so protect nothing."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig
from pydantic import BaseModel

from infra.local.provision import Resources
from shared.idempotency import guard

SUBMIT = IdempotencyConfig(event_key_jmespath="idempotency_key", expires_after_seconds=3600)
DELIVER = IdempotencyConfig(event_key_jmespath="[event_id, recipient]", expires_after_seconds=3600)


class Submission(BaseModel):
    idempotency_key: str


class Delivery(BaseModel):
    event_id: str
    recipient: str


def test_each_guard_deduplicates_on_its_own_key(aws: Resources) -> None:
    runs: list[str] = []

    def submit(submission: Submission) -> dict[str, Any]:
        runs.append(f"submit {submission.idempotency_key}")
        return {}

    def deliver(delivery: Delivery) -> dict[str, Any]:
        runs.append(f"deliver {delivery.event_id} {delivery.recipient}")
        return {}

    guard(submit, SUBMIT, "submission")(submission=Submission(idempotency_key="k1"))
    for _ in range(3):  # a message delivered three times
        guard(deliver, DELIVER, "delivery")(delivery=Delivery(event_id="e1", recipient="a@x.vn"))
        guard(deliver, DELIVER, "delivery")(delivery=Delivery(event_id="e1", recipient="b@x.vn"))
    guard(submit, SUBMIT, "submission")(submission=Submission(idempotency_key="k1"))

    assert runs == ["submit k1", "deliver e1 a@x.vn", "deliver e1 b@x.vn"]
