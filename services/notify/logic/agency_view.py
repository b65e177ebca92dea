"""The report as an agency's systems receive it in a webhook: no contact details of the reporter, only a
flag saying whether there are any."""

from __future__ import annotations

from typing import Any

from shared.models import Report


def agency_view(report: Report) -> dict[str, Any]:
    # Webhooks travel to systems we do not control; the assigned agency's staff read the reporter's
    # details through the authenticated staff API.
    return {
        "id": report.id,
        "status": report.status.value,
        "category": report.category,
        "urgency": report.urgency.value,
        "channel": report.channel.value,
        "description": report.description,
        "location": report.location.model_dump(mode="json"),
        "photos": len(report.photos),
        "agency_id": report.agency_id,
        "created_at": report.created_at.isoformat(),
        "accept_due_at": report.accept_due_at.isoformat() if report.accept_due_at else None,
        "answer_due_at": report.answer_due_at.isoformat() if report.answer_due_at else None,
        "answer": report.answer,
        "reporter_can_be_contacted": bool(report.reporter.phone or report.reporter.email),
        "version": report.version,
    }
