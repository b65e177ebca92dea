"""GET requests and GET requests/{id}: reports as Open311 service requests, newest first."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from services.intake.logic.open311_errors import bad_request, not_found
from services.intake.logic.ports import PhotoResultStore, ReadBudget, ReportFeed
from services.intake.logic.public_visibility import is_publicly_visible
from services.intake.logic.track import photo_url, public_answer
from shared.addresses import is_public_host
from shared.bounds import DATE_RANGE, is_ascii_whole_number, moment_in_bounds
from shared.ids import is_report_id, normalise_report_id
from shared.models import Report, Status
from shared.ports import DirectoryReader, ReportStore
from shared.timezone import VIETNAM

TZ = VIETNAM
MAX_RESULTS = 1000
MAX_PAGE = 50
WINDOW = timedelta(days=90)
MAX_IDS = 100
# Items of the feed index one GET requests may read: pages past what this reaches, or a filter matching
# little in a busy window, come back short (and say so) rather than tying the function up.
READ_BUDGET = 3000
NARROW = (
    f"the read budget of {READ_BUDGET} reports ran out before this page was complete; "
    "narrow the query (a shorter start_date..end_date window, a service_code or a status)"
)
CLOSED = {Status.CLOSED, Status.REJECTED}


def iso(moment: datetime | None) -> str:
    """ISO 8601 with the offset, in Vietnamese time (the spec requires the offset)."""
    return moment.astimezone(TZ).isoformat(timespec="seconds") if moment else ""


def open311_status(status: Status) -> str:
    return "closed" if status in CLOSED else "open"


@dataclass(frozen=True)
class Stores:
    """What an Open311 view of reports reads."""

    reports: ReportStore
    feed: ReportFeed
    directory: DirectoryReader
    photos: PhotoResultStore


def _extended_attributes(report: Report, ready: list[str], stores: Stores, base: str) -> dict[str, Any]:
    """extensions=true: the channel, the detailed status, the published photos and the timeline."""
    return {
        "channel": report.channel.value,
        "status_detail": report.status.value,
        "photos": [
            {"url": photo_url(base, report.id, u), "thumbnail_url": photo_url(base, report.id, u, True)}
            for u in ready
        ],
        "timeline": [
            {"at": iso(datetime.fromisoformat(step["at"])), "type": step["type"], "status": step["status"]}
            for step in stores.reports.timeline(report.id)
        ],
    }


def public_media_url(url: str | None) -> str:
    """A client's media_url, echoed only when it names a public host (stored before the rule, else "")."""
    try:
        host = urlsplit(url).hostname if url else None
    except ValueError:
        return ""
    return url if url and host and is_public_host(host) else ""


def service_request(report: Report, stores: Stores, base: str, extensions: bool) -> dict[str, Any]:
    category = stores.directory.category(report.category) if report.category else None
    agency = stores.directory.agency(report.agency_id) if report.agency_id else None
    results = stores.photos.for_report(report.id) if report.photos else {}
    ready = [u for u in report.photos if u in results and results[u].status == "ready"]
    media_url = photo_url(base, report.id, ready[0]) if ready else public_media_url(report.media_url)
    request: dict[str, Any] = {
        "service_request_id": report.id,
        "status": open311_status(report.status),
        "status_notes": public_answer(report) or "",
        "service_name": category.name_vi if category else "",
        "service_code": report.category or "",
        "description": report.description,
        "agency_responsible": agency.name if agency else "",
        "service_notice": "",
        "requested_datetime": iso(report.created_at),
        "updated_datetime": iso(report.updated_at),
        "expected_datetime": iso(report.answer_due_at),
        "address": report.location.address or "",
        "address_id": "",
        "zipcode": "",
        "lat": report.location.lat if report.location.lat is not None else "",
        "long": report.location.lon if report.location.lon is not None else "",
        "media_url": media_url,
    }
    if extensions:
        request["extended_attributes"] = _extended_attributes(report, ready, stores, base)
    return request


def parse_datetime(params: Mapping[str, str], name: str) -> datetime | None:
    raw = params.get(name)
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(
            raw.strip().replace(" ", "+")
        )  # a '+' arrives as a space if unescaped
    except ValueError as error:
        raise bad_request(f"{name} must be an ISO 8601 date-time, e.g. 2026-11-05T08:15:30+07:00") from error
    if not moment_in_bounds(moment):
        raise bad_request(f"{name} must be {DATE_RANGE}")
    return moment if moment.tzinfo else moment.replace(tzinfo=TZ)


def _codes(params: Mapping[str, str], name: str, limit: int = MAX_IDS) -> list[str]:
    values = [v.strip() for v in params.get(name, "").split(",") if v.strip()]
    if len(values) > limit:
        raise bad_request(f"at most {limit} values of {name}")
    return values


def _int(params: Mapping[str, str], name: str, default: int, top: int) -> int:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    if not is_ascii_whole_number(raw) or not 1 <= int(raw) <= top:
        raise bad_request(f"{name} must be a whole number from 1 to {top}")
    return int(raw)


def _window(params: Mapping[str, str]) -> tuple[datetime, datetime]:
    start, end = parse_datetime(params, "start_date"), parse_datetime(params, "end_date")
    end = end or (start + WINDOW if start else datetime.now(UTC))
    start = start or end - WINDOW
    if start > end:
        raise bad_request("start_date is after end_date")
    if end - start > WINDOW:
        raise bad_request("start_date and end_date may not span more than 90 days")
    return start, end


def by_ids(ids: list[str], stores: Stores) -> list[Report]:
    found = []
    for raw in ids:
        report_id = normalise_report_id(raw)
        report = stores.reports.get(report_id) if is_report_id(report_id) else None
        if report is not None and is_publicly_visible(report):
            found.append(report)
    return found


# Served from the public feed index like /v1/reports (no Scan). Defaults of the spec: the last 90 days and
# at most 1000 requests; a start_date..end_date range may not span more than 90 days. Extensions:
# page/page_size, updated_after/updated_before, and extensions=true (channel, photos, timeline).
@dataclass(frozen=True)
class RequestsPage:
    requests: list[dict[str, Any]]
    incomplete: str | None = None  # why the page may be short, for the client; None when it is whole


def find_requests(params: Mapping[str, str], stores: Stores, base: str) -> RequestsPage:
    extensions = params.get("extensions", "").lower() == "true"
    ids = _codes(params, "service_request_id")
    if ids:  # the spec: a list of ids overrides every other argument
        return RequestsPage([service_request(r, stores, base, extensions) for r in by_ids(ids, stores)])
    codes = set(_codes(params, "service_code"))
    statuses = set(_codes(params, "status", 2))
    if not statuses <= {"open", "closed"}:
        raise bad_request("status must be open, closed, or both comma-delimited")
    start, end = _window(params)
    updated_after = parse_datetime(params, "updated_after")
    updated_before = parse_datetime(params, "updated_before")
    page_size = _int(params, "page_size", MAX_RESULTS, MAX_RESULTS)
    page = _int(params, "page", 1, MAX_PAGE)

    def accept(report: Report) -> bool:
        return (
            is_publicly_visible(report)
            and (not codes or report.category in codes)
            and (not statuses or open311_status(report.status) in statuses)
            and (updated_after is None or report.updated_at > updated_after)
            and (updated_before is None or report.updated_at < updated_before)
        )

    budget = ReadBudget(items=READ_BUDGET, queries=READ_BUDGET // 100 + 10)
    reports, _ = stores.feed.newest(accept, page * page_size, since=start, until=end, budget=budget)
    shown = reports[(page - 1) * page_size : page * page_size]
    short = len(reports) < page * page_size and budget.spent()
    if short and not shown and page > 1:
        raise bad_request(f"page {page} lies beyond what one request may read: {NARROW}")
    return RequestsPage(
        [service_request(r, stores, base, extensions) for r in shown], NARROW if short else None
    )


def one_request(raw_id: str, stores: Stores, base: str, extensions: bool) -> list[dict[str, Any]]:
    found = by_ids([raw_id], stores)
    if not found:
        raise not_found(f"service_request_id {raw_id[:20]} not found")
    return [service_request(found[0], stores, base, extensions)]


def token_lookup(token: str, stores: Stores) -> list[dict[str, str]]:
    """Requests are created in real time, so a token is the service_request_id itself."""
    found = by_ids([token], stores)
    if not found:
        raise not_found(f"token {token[:20]} not found")
    return [{"service_request_id": found[0].id, "token": token}]
