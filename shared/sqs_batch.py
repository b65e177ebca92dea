"""An SQS batch handled record by record, with a partial batch response: Lambda's contract for a queue
whose event source mapping reports item failures (`infra/constructs/functions.py`).

Hand-written rather than Powertools' batch utility (`BatchProcessor(EventType.SQS, model=...)` with
`process_partial_response`), whose contract this keeps: a record whose body fails validation or whose
handling raises is reported back alone (`batchItemFailures`), so SQS retries it, then dead-letters it, without
repeating the others; a batch whose every record failed fails the invocation. Why: importing
`aws_lambda_powertools.utilities.batch` costs every worker ~55 ms of its cold start for this loop — the
package imports asyncio and every event source's data class, and, once pydantic is loaded, builds every
model of Powertools' parser (`batch/types.py`); measured by `bench/cold_start.py` (docs/decisions.md, cold).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

logger = logging.getLogger(__name__)

Body = TypeVar("Body", bound=BaseModel)


def handle_batch(
    event: Mapping[str, Any], body_model: type[Body], handle: Callable[[Body], object]
) -> dict[str, list[dict[str, str]]]:
    """`handle` called with each record's JSON body parsed as `body_model`; the ids of the records that
    failed, as Lambda's partial batch response. Raises when every record of the batch failed."""
    records = event["Records"]
    failures: list[dict[str, str]] = []
    errors: list[Exception] = []
    for record in records:
        try:
            handle(body_model.model_validate_json(record["body"]))
        except Exception as error:  # any failure is that record's alone: SQS retries it, the rest is done
            logger.warning("record %s failed: %s", record.get("messageId"), _describe(error))
            failures.append({"itemIdentifier": record["messageId"]})
            errors.append(error)
    if errors and len(errors) == len(records):
        raise ExceptionGroup(f"All {len(records)} records of the batch failed", errors)
    return {"batchItemFailures": failures}


def _describe(error: Exception) -> str:
    """What an operator needs to see in the logs: the error's kind and, unless it is a body that failed
    validation (whose message quotes the input, which may hold a reporter's contact), its message."""
    if isinstance(error, ValidationError):
        return f"{type(error).__name__} ({error.error_count()} errors in the body)"
    return f"{type(error).__name__}: {str(error)[:300]}"
