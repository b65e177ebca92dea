"""POST /v1/reports: check a submission against the directory and the upload slots, file the report, and
hand the reporter their access token — once per Idempotency-Key when one is sent."""

from __future__ import annotations

from datetime import datetime

from services.intake.logic.access import client_scoped_key, new_salt, new_token, token_from, token_hash
from services.intake.logic.attributes import check_answers
from services.intake.logic.ports import KeyedOnce, UploadStore
from services.intake.logic.upload_slots import claims_refused, ensure_usable
from services.intake.models import StoredOutcome, SubmitReport, Submitted
from shared.errors import Conflict, InvalidInput, JointRefused
from shared.models import Report
from shared.new_report import NewReport, file_new_report
from shared.ports import DirectoryReader, ReportStore

SOURCE = "phananh.intake"


class KeyReused(InvalidInput):
    code = "idempotency_key_reused"

    def __init__(self) -> None:
        super().__init__(
            "Idempotency-Key này đã được dùng cho một phản ánh khác trong 24 giờ qua.",
            "This Idempotency-Key was used for a different report within the last 24 hours.",
            fields={"Idempotency-Key": "already used with another body"},
        )


class KeyInProgress(Conflict):
    def __init__(self) -> None:
        super().__init__(
            "Yêu cầu với Idempotency-Key này đang được xử lý, vui lòng thử lại sau giây lát.",
            "A request with this Idempotency-Key is still being processed; retry in a moment.",
        )


# With a key, the token must come back identical on a retry, so it is derived from a stored salt and the
# key (see access.py); `KeyedOnce` runs the filing at most once per key and body.
def submit(
    request: SubmitReport,
    idempotency_key: str | None,
    reports: ReportStore,
    directory: DirectoryReader,
    uploads: UploadStore,
    once: KeyedOnce,
    correlation_id: str,
    now: datetime,
    client: str = "",
) -> Submitted:
    """`client` tells callers apart (source address and User-Agent): a key counts per client."""

    def file(token: str) -> Report:
        draft = request.draft().model_copy(update={"access_token_hash": token_hash(token)})
        return submit_report(draft, reports, directory, uploads, correlation_id, now)

    if idempotency_key is None:
        token = new_token()
        report = file(token)
        return Submitted(id=report.id, status=report.status, created_at=report.created_at, access_token=token)
    key = client_scoped_key(idempotency_key, client)

    def file_with_salt() -> StoredOutcome:
        salt = new_salt()
        report = file(token_from(salt, key))
        return StoredOutcome(
            id=report.id, status=report.status, created_at=report.created_at, token_salt=salt
        )

    outcome = once.run(key, request.model_dump(mode="json"), file_with_salt)
    return Submitted(
        id=outcome.id,
        status=outcome.status,
        created_at=outcome.created_at,
        access_token=token_from(outcome.token_salt, key),
    )


def submit_report(
    draft: NewReport,
    reports: ReportStore,
    directory: DirectoryReader,
    uploads: UploadStore,
    correlation_id: str,
    now: datetime,
) -> Report:
    """Stores and publishes the report with its photos' claims, in one transaction; raises InvalidInput
    for an unknown category, field or upload, and for an upload already another report's — in that
    order, so the answer does not depend on which write found what."""
    category = directory.category(draft.category) if draft.category else None
    if draft.category and category is None:
        raise InvalidInput(
            f"Không có lĩnh vực '{draft.category}'.",
            f"Unknown category '{draft.category}'.",
            fields={"category": "unknown category code"},
        )
    photos = list(dict.fromkeys(draft.photos))
    try:
        attributes = check_answers(category, draft.attributes)
    except InvalidInput:
        ensure_usable(photos, uploads, now)  # an unknown or expired photo is told before the answers
        raise
    checked = draft.model_copy(update={"attributes": attributes, "photos": photos})
    try:
        return file_new_report(
            reports,
            checked,
            actor=f"citizen:{draft.channel.value}",
            source=SOURCE,
            correlation_id=correlation_id,
            now=now,
            joint=uploads.filing_claims(photos, now) if photos else None,
        )
    except JointRefused as refused:  # nothing was written: the photos are still the client's to use
        raise claims_refused(photos, refused.refused, uploads, now) from None
