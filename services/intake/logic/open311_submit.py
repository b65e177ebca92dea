"""POST requests: a form-encoded Open311 service request becomes a report like any other."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from pydantic import ValidationError

from services.intake.logic.access import new_token, token_hash
from services.intake.logic.open311_errors import Open311Error, bad_request, not_found
from services.intake.logic.ports import ApiClients, UploadStore
from services.intake.logic.submit import submit_report
from services.intake.models import VN_LAT, VN_LON
from shared.addresses import is_public_host
from shared.bounds import is_ascii_decimal
from shared.models import Channel, Location, Reporter
from shared.new_report import NewReport
from shared.plain_text import has_control_characters
from shared.ports import DirectoryReader, ReportStore

MAX_FIELDS = 100
MAX_DESCRIPTION = 4000
MAX_API_KEY = 200
ATTRIBUTE = re.compile(r"^attribute\[([a-z0-9_]{1,40})\](\[\])?$")


# The form is parsed here (Powertools' validation expects JSON bodies). Bounds are the citizen API's:
# description ≤ 4000 characters, coordinates inside Vietnam, known category fields only.
def parse_form(body: str) -> tuple[dict[str, str], dict[str, str]]:
    """(plain fields, attribute answers); repeated list answers are joined with commas."""
    try:
        pairs = parse_qsl(body, keep_blank_values=True, max_num_fields=MAX_FIELDS, strict_parsing=False)
    except ValueError as error:
        raise bad_request(f"at most {MAX_FIELDS} form fields") from error
    if has_control_characters(pairs):
        raise bad_request("form fields must not contain control characters (tab and line breaks aside)")
    fields: dict[str, str] = {}
    attributes: dict[str, list[str]] = {}
    for name, value in pairs:
        match = ATTRIBUTE.match(name)
        if match:
            attributes.setdefault(match.group(1), []).append(value)
        elif name.startswith("attribute["):
            raise bad_request(f"attribute code {name[:60]} is not valid")
        else:
            fields[name] = value
    return fields, {code: ",".join(values) for code, values in attributes.items()}


def _coordinate(fields: dict[str, str], name: str, bounds: tuple[float, float]) -> float | None:
    raw = fields.get(name, "").strip()
    if not raw:
        return None
    if not is_ascii_decimal(raw):
        raise bad_request(f"{name} must be a number written with the digits 0-9")
    value = float(raw)
    if not bounds[0] <= value <= bounds[1]:
        raise bad_request(f"{name} must lie inside Vietnam ({bounds[0]} to {bounds[1]})")
    return value


def _location(fields: dict[str, str]) -> Location:
    lat, lon = _coordinate(fields, "lat", VN_LAT), _coordinate(fields, "long", VN_LON)
    address = fields.get("address_string", "").strip() or None
    if (lat is None) != (lon is None):
        raise bad_request("lat and long must be given together")
    if lat is None and address is None:
        raise bad_request("lat and long, or address_string, are required")
    if address and len(address) > 300:
        raise bad_request("address_string is longer than 300 characters")
    return Location(lat=lat, lon=lon, address=address)


def _reporter(fields: dict[str, str]) -> Reporter:
    name = " ".join(
        p for p in (fields.get("first_name", "").strip(), fields.get("last_name", "").strip()) if p
    )
    try:
        return Reporter(
            name=name or None,
            phone=fields.get("phone", "").strip() or None,
            email=fields.get("email", "").strip() or None,
        )
    except ValidationError as error:
        problem = error.errors()[0]
        raise bad_request(f"{problem['loc'][0]}: {problem['msg']}") from error


def _media_url(fields: dict[str, str]) -> str | None:
    """A photo on the public internet; the refusal never repeats the URL (it is not echoed anywhere)."""
    url = fields.get("media_url", "").strip()
    if not url:
        return None
    if len(url) > 2000 or not re.match(r"^https?://[^\s<>\"]+$", url):
        raise bad_request("media_url must be an http(s) URL of at most 2000 characters")
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError as error:
        raise bad_request("media_url must be an http(s) URL of at most 2000 characters") from error
    if parts.username is not None or parts.password is not None or not is_public_host(host):
        raise bad_request("media_url must name a public host (no private, loopback or link-local address)")
    return url


def draft_from_form(
    fields: dict[str, str], attributes: dict[str, str], directory: DirectoryReader
) -> NewReport:
    code = fields.get("service_code", "").strip()
    if not code:
        raise bad_request("service_code was not provided")
    category = directory.category(code) if len(code) <= 40 else None
    if category is None:
        raise not_found(f"service_code {code[:40]} not found")
    description = fields.get("description", "").strip() or category.name_vi
    if len(description) > MAX_DESCRIPTION:
        raise bad_request(f"description is longer than {MAX_DESCRIPTION} characters")
    return NewReport(
        description=description,
        category=code,
        location=_location(fields),
        channel=Channel.OPEN311,
        reporter=_reporter(fields),
        attributes=attributes,
        media_url=_media_url(fields),
    )


def api_client(fields: dict[str, str], api_clients: ApiClients) -> str:
    """The client application the form's api_key was issued to; 403 otherwise."""
    key = fields.get("api_key", "")
    client = api_clients.client_for(key) if 0 < len(key) <= MAX_API_KEY else None
    if client is None:
        raise Open311Error(403, "api_key was not provided or is invalid")
    return client


def create_request(
    body: str,
    api_clients: ApiClients,
    reports: ReportStore,
    directory: DirectoryReader,
    uploads: UploadStore,
    correlation_id: str,
    now: datetime,
) -> tuple[list[dict[str, Any]], str]:
    """The created service request in Open311's shape, and the client application that sent it."""
    fields, attributes = parse_form(body)
    client = api_client(fields, api_clients)
    draft = draft_from_form(fields, attributes, directory)
    # Open311 has no reporter token: one is drawn so the report has the same shape, and never shown.
    draft = draft.model_copy(update={"access_token_hash": token_hash(new_token())})
    report = submit_report(draft, reports, directory, uploads, correlation_id, now)
    return [{"service_request_id": report.id, "service_notice": "", "account_id": ""}], client
