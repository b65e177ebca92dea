"""The reporter rates the published answer: once per answer, only after it is published (closed)."""

from __future__ import annotations

from datetime import datetime

from services.intake.logic.access import check_token
from services.intake.logic.track import answer_digest, can_rate, find_report
from services.intake.models import RateAnswer, RatingOut
from shared.errors import Conflict
from shared.events import EventType, ReportEvent
from shared.models import Rating, Status
from shared.ports import ReportStore

SOURCE = "phananh.intake"


class NotAnswered(Conflict):
    code = "not_answered"


class AlreadyRated(Conflict):
    code = "already_rated"


def rate_answer(
    raw_id: str, token: str, request: RateAnswer, reports: ReportStore, correlation_id: str, now: datetime
) -> RatingOut:
    report = find_report(raw_id, reports)
    check_token(token, report.access_token_hash)
    if report.status is not Status.CLOSED or not report.answer:
        raise NotAnswered(
            "Phản ánh chưa có câu trả lời được công khai, chưa thể đánh giá.",
            "The report has no published answer yet; it cannot be rated.",
        )
    if not can_rate(report):
        raise AlreadyRated("Bạn đã đánh giá câu trả lời này.", "You have already rated this answer.")
    rating = Rating(
        satisfied=request.satisfied,
        score=request.score,
        comment=request.comment,
        rated_at=now,
        answer_digest=answer_digest(report.answer),
    )
    updated = report.model_copy(update={"rating": rating, "version": report.version + 1, "updated_at": now})
    # The comment stays on the report: free text may carry personal details, events never do.
    event = ReportEvent(
        type=EventType.RATED,
        source=SOURCE,
        report_id=report.id,
        occurred_at=now,
        actor="citizen:reporter",
        correlation_id=correlation_id,
        data={
            "satisfied": rating.satisfied,
            "score": rating.score,
            "agency_id": report.agency_id,
            "category": report.category,
        },
    )
    reports.commit(updated, report.version, [event])
    return RatingOut.model_validate(rating.model_dump())
