"""The one rule every public read path applies: may the public see this report at all?"""

from __future__ import annotations

from shared.errors import NotFound
from shared.models import Report


def is_publicly_visible(report: Report) -> bool:
    """False once an operator hid it (sensitive content): to the public it does not exist."""
    return not report.hidden


def publicly_visible(report: Report | None, shown_id: str) -> Report:
    """The report when the public may see it; otherwise the same 404 as an unknown tracking code."""
    if report is None or not is_publicly_visible(report):
        raise NotFound(
            f"Không tìm thấy phản ánh {shown_id[:20]}.", f"No report with tracking code {shown_id[:20]}."
        )
    return report
