"""Who may see and do what on reports (the role × owner rules of the staff API).

Agency staff see only reports assigned to their agency: any other is "not found" (404), so they cannot
even learn it exists. Leaders read everything and act on nothing; admins keep the directory, not reports.
Contact details of the reporter: the operations centre and the agency that must call back, nobody else.
"""

from __future__ import annotations

from shared.errors import Forbidden, NotFound
from shared.models import Report
from shared.principal import Principal

OPERATOR_ACTIONS = frozenset({"classify", "assign", "reject", "merge", "publish", "hide", "reopen"})
AGENCY_ACTIONS = frozenset({"accept", "note", "contacted", "resolve", "send_back"})


def reads_all(principal: Principal) -> bool:
    return principal.is_operator or principal.is_leader


def ensure_reads_reports(principal: Principal) -> None:
    if not (reads_all(principal) or principal.agency_id):
        raise Forbidden("Bạn không có quyền xem phản ánh.", "You may not read reports.")


def not_found(report_id: str) -> NotFound:
    return NotFound(f"Không tìm thấy phản ánh {report_id[:20]}.", f"No report {report_id[:20]}.")


def ensure_visible(principal: Principal, report: Report | None, report_id: str) -> Report:
    ensure_reads_reports(principal)
    if report is None:
        raise not_found(report_id)
    if not reads_all(principal) and report.agency_id != principal.agency_id:
        raise not_found(report_id)
    return report


def may_act(principal: Principal, action: str, report: Report) -> bool:
    if action in OPERATOR_ACTIONS:
        return principal.is_operator
    return (
        action in AGENCY_ACTIONS
        and principal.agency_id is not None
        and principal.agency_id == report.agency_id
    )


def ensure_may_act(principal: Principal, action: str, report: Report) -> None:
    if not may_act(principal, action, report):
        raise Forbidden(
            f"Bạn không có quyền thực hiện thao tác '{action}' với phản ánh này.",
            f"You may not '{action}' this report.",
        )


def sees_contact(principal: Principal, report: Report) -> bool:
    return principal.is_operator or (
        principal.agency_id is not None and principal.agency_id == report.agency_id
    )
