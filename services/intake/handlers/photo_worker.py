"""Photo worker: Report.Submitted and Report.Resolved from its queue → process_photos; logs each result."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.utilities.typing import LambdaContext

from services.intake.dal.upload_table import UploadTable
from services.intake.logic.process_photos import process_photos
from shared.cold_init import init_done
from shared.consumer import consume
from shared.events import ReportEvent
from shared.photo_bucket import PhotoBucket
from shared.photo_results import PhotoResults
from shared.report_partition import ReportPartition
from shared.tracing import TRACED_MODULES

logger = Logger(service="intake")
tracer = Tracer(service="intake", patch_modules=TRACED_MODULES)
reports = ReportPartition()
uploads = UploadTable()
results = PhotoResults()
bucket = PhotoBucket()


def on_event(event: ReportEvent, retried: bool = True) -> None:
    for result in process_photos(event, reports, uploads, results, bucket, retried):
        logger.info(
            "photo checked",
            extra={
                "report_id": event.report_id,
                "upload_id": result.upload_id,
                "status": result.status,
                "reason": result.reason,
            },
        )


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    again = delivered_before(event.get("Records", []))
    return consume(event, context, lambda found: on_event(found, found.event_id in again))


def delivered_before(records: list[dict[str, Any]]) -> set[str]:
    """The event ids of the records SQS delivered before (a failed or timed-out attempt), by their receive
    count; a record without one counts as delivered before (its results are read first)."""
    again: set[str] = set()
    for record in records:
        if record.get("attributes", {}).get("ApproximateReceiveCount") == "1":
            continue
        # a body that does not parse fails in `consume`, reported as that record's failure
        with contextlib.suppress(ValueError, KeyError, TypeError):
            again.add(json.loads(record["body"])["detail"]["event_id"])
    return again


init_done()  # last: the import is done, collection resumes (shared/cold_init.py)
