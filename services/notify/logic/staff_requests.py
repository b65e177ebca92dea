"""What staff ask of notify — agencies' webhook endpoints and the delivery log: who may do what, and the
checks on input."""

from __future__ import annotations

from collections.abc import Collection

from services.notify.logic.ports import DeliveryLog, WebhookEndpoints
from services.notify.logic.webhook_signing import ROTATION_OVERLAP
from services.notify.models import Endpoint, LogEntry, Webhook, WebhookCreated, WebhookRotated
from shared.errors import Forbidden, InvalidInput, NotFound
from shared.ports import DirectoryReader, ReportStore
from shared.principal import Principal
from shared.ssrf_guard import RefusedUrl, Resolver, check_url

MAX_ENDPOINTS_PER_AGENCY = 5

URL_PROBLEMS = {
    "https_required": ("Địa chỉ phải dùng https.", "The URL must use https."),
    "address_not_allowed": (
        "Địa chỉ trỏ tới mạng nội bộ hoặc địa chỉ không được phép.",
        "The URL points to a private or otherwise forbidden address.",
    ),
    "unresolvable_host": ("Không phân giải được tên máy chủ.", "The host name does not resolve."),
    "credentials_in_url": (
        "Địa chỉ không được chứa tên đăng nhập/mật khẩu.",
        "The URL may not carry credentials.",
    ),
    "malformed_url": ("Địa chỉ không hợp lệ.", "The URL is not valid."),
}


def _no_agency() -> NotFound:
    return NotFound("Không tìm thấy cơ quan này.", "No such agency.")


def _admins_only() -> Forbidden:
    return Forbidden("Chỉ quản trị viên được quản lý webhook.", "Only administrators manage webhooks.")


def may_read_agency(principal: Principal, agency_id: str) -> bool:
    """Operators, leaders and admins read every agency; agency staff only their own."""
    return (
        principal.is_admin or principal.is_operator or principal.is_leader or principal.agency_id == agency_id
    )


def _existing_agency(agency_id: str, directory: DirectoryReader) -> None:
    if directory.agency(agency_id) is None:
        raise _no_agency()


def _view(endpoint: Endpoint) -> Webhook:
    return Webhook.model_validate(endpoint.model_dump(include=set(Webhook.model_fields)))


def register_webhook(
    principal: Principal,
    agency_id: str,
    url: str,
    endpoints: WebhookEndpoints,
    directory: DirectoryReader,
    resolve: Resolver,
    local: bool,
    refused_ports: Collection[int] = (),
) -> WebhookCreated:
    """Admins only; the URL must pass the SSRF guard now (and again at each attempt)."""
    if not principal.is_admin:
        raise _admins_only()
    _existing_agency(agency_id, directory)
    try:
        check_url(url, resolve, local=local, refused_ports=refused_ports)
    except RefusedUrl as refused:
        vi, en = URL_PROBLEMS.get(refused.reason, URL_PROBLEMS["malformed_url"])
        raise InvalidInput(vi, en, fields={"url": refused.reason}) from refused
    if len(endpoints.of_agency(agency_id)) >= MAX_ENDPOINTS_PER_AGENCY:
        raise InvalidInput(
            f"Mỗi cơ quan có tối đa {MAX_ENDPOINTS_PER_AGENCY} điểm nhận webhook.",
            f"An agency has at most {MAX_ENDPOINTS_PER_AGENCY} webhook endpoints.",
            fields={"url": "too_many_endpoints"},
        )
    endpoint = endpoints.create(agency_id, url)
    return WebhookCreated(**_view(endpoint).model_dump(), secret=endpoint.secrets[0].secret)


def rotate_secret(
    principal: Principal, agency_id: str, webhook_id: str, endpoints: WebhookEndpoints
) -> WebhookRotated:
    if not principal.is_admin:
        raise _admins_only()
    endpoint = endpoints.get(agency_id, webhook_id)
    if endpoint is None:
        raise NotFound("Không tìm thấy điểm nhận webhook này.", "No such webhook endpoint.")
    rotated = endpoints.rotate(endpoint)
    current = rotated.secrets[0]
    return WebhookRotated(
        id=rotated.id,
        secret=current.secret,
        previous_secret_valid_until=current.created_at + ROTATION_OVERLAP,
    )


def list_webhooks(
    principal: Principal, agency_id: str, endpoints: WebhookEndpoints, directory: DirectoryReader
) -> list[Webhook]:
    if not may_read_agency(principal, agency_id):
        raise _no_agency()  # 404, not 403: other agencies' existence is not confirmed
    _existing_agency(agency_id, directory)
    return [_view(e) for e in endpoints.of_agency(agency_id)]


def agency_log(
    principal: Principal, agency_id: str, directory: DirectoryReader, log: DeliveryLog, limit: int
) -> list[LogEntry]:
    if not may_read_agency(principal, agency_id):
        raise _no_agency()
    _existing_agency(agency_id, directory)
    return log.for_agency(agency_id, limit)


def report_log(
    principal: Principal, report_id: str, reports: ReportStore, log: DeliveryLog, limit: int
) -> list[LogEntry]:
    """Operators, leaders and admins see every entry; agency staff the entries about their own agency."""
    report = reports.get(report_id)
    missing = NotFound("Không tìm thấy phản ánh này.", "No such report.")
    if report is None:
        raise missing
    entries = log.for_report(report_id, limit)
    if principal.is_admin or principal.is_operator or principal.is_leader:
        return entries
    mine = principal.agency_id
    if mine is None or report.agency_id != mine:
        raise missing
    return [e for e in entries if e.audience == "agency" and e.agency_id == mine]
