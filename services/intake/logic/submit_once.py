"""POST /v1/reports, with or without an Idempotency-Key.

With a key, Powertools idempotency (DynamoDB) guarantees that the same key and body within 24 hours
return the same report and never create a second one; the same key with another body is refused.
What it stores is the outcome without the token: only the salt the token is derived from (see access.py).
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyValidationError,
)
from aws_lambda_powertools.utilities.idempotency.serialization.pydantic import PydanticSerializer
from pydantic import BaseModel

from services.intake.logic.access import new_salt, new_token, token_from, token_hash
from services.intake.logic.submit import submit_report
from services.intake.models import SubmitReport, Submitted
from services.intake.uploads import UploadRepository
from shared.aws import client
from shared.config import get_settings
from shared.directory import DirectoryRepository
from shared.errors import Conflict, InvalidInput
from shared.models import Status
from shared.repository import ReportRepository

WINDOW_S = 24 * 3600
config = IdempotencyConfig(
    event_key_jmespath="idempotency_key",
    payload_validation_jmespath="body",
    expires_after_seconds=WINDOW_S,
    hash_function="sha256",
)


class KeyedSubmission(BaseModel):
    idempotency_key: str
    body: dict[str, Any]


class StoredOutcome(BaseModel):
    id: str
    status: Status
    created_at: datetime
    token_salt: str


@cache
def _persistence() -> DynamoDBPersistenceLayer:
    # Built on first use, not at import: the table name and endpoint come from the environment.
    return DynamoDBPersistenceLayer(
        table_name=get_settings().idempotency_table, boto3_client=client("dynamodb")
    )


def reset() -> None:
    _persistence.cache_clear()


def submit(
    request: SubmitReport,
    idempotency_key: str | None,
    reports: ReportRepository,
    directory: DirectoryRepository,
    uploads: UploadRepository,
    correlation_id: str,
    lambda_context: Any = None,
) -> Submitted:
    if idempotency_key is None:
        token = new_token()
        report = submit_report(
            request.draft(), reports, directory, uploads, correlation_id, token_hash(token)
        )
        return Submitted(id=report.id, status=report.status, created_at=report.created_at, access_token=token)

    def create(submission: KeyedSubmission) -> StoredOutcome:
        salt = new_salt()
        token = token_from(salt, submission.idempotency_key)
        report = submit_report(
            request.draft(), reports, directory, uploads, correlation_id, token_hash(token)
        )
        return StoredOutcome(
            id=report.id, status=report.status, created_at=report.created_at, token_salt=salt
        )

    if lambda_context is not None:
        config.register_lambda_context(lambda_context)  # an in-progress record then expires with the call
    once = idempotent_function(
        data_keyword_argument="submission",
        persistence_store=_persistence(),
        config=config,
        output_serializer=PydanticSerializer(model=StoredOutcome),
        key_prefix="intake.submit_report",
    )(create)
    submission = KeyedSubmission(idempotency_key=idempotency_key, body=request.model_dump(mode="json"))
    try:
        outcome: StoredOutcome = once(submission=submission)
    except IdempotencyValidationError as error:
        raise KeyReused() from error
    except IdempotencyAlreadyInProgressError as error:
        raise Conflict(
            "Yêu cầu với Idempotency-Key này đang được xử lý, vui lòng thử lại sau giây lát.",
            "A request with this Idempotency-Key is still being processed; retry in a moment.",
        ) from error
    return Submitted(
        id=outcome.id,
        status=outcome.status,
        created_at=outcome.created_at,
        access_token=token_from(outcome.token_salt, idempotency_key),
    )


class KeyReused(InvalidInput):
    code = "idempotency_key_reused"

    def __init__(self) -> None:
        super().__init__(
            "Idempotency-Key này đã được dùng cho một phản ánh khác trong 24 giờ qua.",
            "This Idempotency-Key was used for a different report within the last 24 hours.",
            fields={"Idempotency-Key": "already used with another body"},
        )
