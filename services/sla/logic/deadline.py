"""Report.Assigned → the answer deadline, in working days on the Vietnamese calendar."""

from __future__ import annotations

from datetime import UTC, datetime

from aws_lambda_powertools import Logger

from shared.config import get_settings
from shared.directory import DirectoryRepository
from shared.errors import Conflict
from shared.events import ReportEvent
from shared.repository import ReportRepository
from shared.status import is_open
from shared.working_time import add_working_days

logger = Logger(child=True)
ATTEMPTS = 3


def set_answer_deadline(
    event: ReportEvent, reports: ReportRepository, directory: DirectoryRepository
) -> datetime | None:
    """Idempotent: a report that already has a deadline keeps it. Returns the deadline set, if any."""
    for _ in range(ATTEMPTS):
        report = reports.get(event.report_id)
        if report is None or report.answer_due_at is not None or not is_open(report.status):
            return None
        category = directory.category(report.category) if report.category else None
        days = category.answer_days if category else get_settings().answer_days_default
        due = add_working_days(report.created_at, days)
        updated = report.model_copy(
            update={"answer_due_at": due, "version": report.version + 1, "updated_at": datetime.now(UTC)}
        )
        try:
            reports.save(updated, report.version)
        except Conflict:
            continue  # changed meanwhile (e.g. accepted already): read again
        logger.info("answer deadline set", extra={"report_id": report.id, "due": due.isoformat()})
        return due
    raise Conflict("Không cập nhật được hạn xử lý.", "Could not set the deadline; the report keeps changing.")
