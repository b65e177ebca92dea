"""Filing a checked submission: validate against the directory and the upload slots, then file the report."""

from __future__ import annotations

from datetime import datetime

from services.intake.logic.attributes import check_answers
from services.intake.logic.ports import UploadStore
from services.intake.logic.upload_slots import check_uploads
from shared.errors import InvalidInput
from shared.models import Report
from shared.new_report import NewReport, file_new_report
from shared.ports import DirectoryReader, ReportStore

SOURCE = "phananh.intake"


def submit_report(
    draft: NewReport,
    reports: ReportStore,
    directory: DirectoryReader,
    uploads: UploadStore,
    correlation_id: str,
    now: datetime,
) -> Report:
    """Stores and publishes the report; raises InvalidInput for an unknown category, field or upload."""
    category = directory.category(draft.category) if draft.category else None
    if draft.category and category is None:
        raise InvalidInput(
            f"Không có lĩnh vực '{draft.category}'.",
            f"Unknown category '{draft.category}'.",
            fields={"category": "unknown category code"},
        )
    checked = draft.model_copy(
        update={
            "attributes": check_answers(category, draft.attributes),
            "photos": check_uploads(draft.photos, uploads, now),
        }
    )
    return file_new_report(
        reports,
        checked,
        actor=f"citizen:{draft.channel.value}",
        source=SOURCE,
        correlation_id=correlation_id,
        now=now,
    )
