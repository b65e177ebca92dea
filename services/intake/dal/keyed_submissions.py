"""Keyed submissions run once: Powertools idempotency records (shared/idempotency.py) per Idempotency-Key."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyValidationError,
)
from aws_lambda_powertools.utilities.idempotency.serialization.pydantic import PydanticSerializer
from pydantic import BaseModel

from services.intake.logic.submit import KeyInProgress, KeyReused
from services.intake.models import StoredOutcome
from shared.idempotency import run_once

WINDOW_S = 24 * 3600
KEY_PREFIX = "intake.submit_report"
config = IdempotencyConfig(
    event_key_jmespath="idempotency_key",
    payload_validation_jmespath="body",
    expires_after_seconds=WINDOW_S,
    hash_function="sha256",
)


class KeyedSubmission(BaseModel):
    idempotency_key: str
    body: dict[str, Any]


# The same key and body within 24 hours return the stored outcome; the same key with another body is
# refused. Only the outcome without the token is stored (the salt it is derived from; see logic/access.py).
class KeyedSubmissions:
    def for_invocation(self, lambda_context: Any) -> KeyedSubmissions:
        """An in-progress record then expires with the invocation (a crashed call does not block retries)."""
        if lambda_context is not None:
            config.register_lambda_context(lambda_context)
        return self

    def run(self, key: str, body: dict[str, Any], create: Callable[[], StoredOutcome]) -> StoredOutcome:
        def create_once(submission: KeyedSubmission) -> StoredOutcome:
            return create()

        try:
            outcome: StoredOutcome = run_once(
                create_once,
                config,
                "submission",
                KeyedSubmission(idempotency_key=key, body=body),
                output_serializer=PydanticSerializer(model=StoredOutcome),
                key_prefix=KEY_PREFIX,
            )
        except IdempotencyValidationError as error:
            raise KeyReused() from error
        except IdempotencyAlreadyInProgressError as error:
            raise KeyInProgress() from error
        return outcome
