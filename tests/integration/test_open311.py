"""Open311 GeoReport v2 conformance, written from the specification (http://wiki.open311.org/GeoReport_v2).

Each test quotes or paraphrases the sentence of the spec it checks. Both formats are checked wherever
the spec defines the shape: XML (required by the spec) and JSON.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import pytest

from bench.aws_calls import Call
from infra.local.provision import Resources
from shared.api_keys import ApiKeyRepository
from shared.events import EventType, ReportEvent
from shared.models import Channel, Location, Report, Status
from shared.repository import ReportRepository
from tests.support import api_raw, stored_earlier

V2 = "/open311/v2"
FUNCTION = "open311-api"
ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")
REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]


def call(method: str, path: str, query: str = "", form: dict[str, Any] | str | None = None) -> dict[str, Any]:
    body = form if isinstance(form, str) or form is None else urlencode(form, doseq=True)
    return api_raw(
        method,
        V2 + path,
        body,
        query=query,
        function=FUNCTION,
        content_type="application/x-www-form-urlencoded",
    )


def content_type(result: dict[str, Any]) -> str:
    headers = {**(result.get("headers") or {}), **(result.get("multiValueHeaders") or {})}
    value = {k.lower(): v for k, v in headers.items()}["content-type"]
    return value[0] if isinstance(value, list) else value


def as_json(result: dict[str, Any], status: int = 200) -> Any:
    assert result["statusCode"] == status, result["body"]
    assert content_type(result).startswith("application/json")
    return json.loads(result["body"])


def as_xml(result: dict[str, Any], status: int = 200) -> ET.Element:
    assert result["statusCode"] == status, result["body"]
    assert content_type(result).startswith("text/xml")
    assert result["body"].startswith('<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(result["body"].split("\n", 1)[1])  # noqa: S314 - our own output, in a test


@pytest.fixture
def api_key(aws: Resources) -> str:
    return ApiKeyRepository().issue("conformance-suite")


def post(api_key: str, fmt: str = "json", **fields: Any) -> dict[str, Any]:
    form = {
        "api_key": api_key,
        "service_code": "dien",
        "lat": "9.1769",
        "long": "105.1524",
        "description": "Trụ điện nghiêng sắp đổ",
        **fields,
    }
    return call("POST", f"/requests.{fmt}", form={k: v for k, v in form.items() if v is not None})


def old_report(days_ago: int, status: Status = Status.RECEIVED, category: str = "dien") -> Report:
    created = datetime.now(UTC) - timedelta(days=days_ago)
    report = Report(
        id=f"PA-{days_ago:04d}-{len(status.value):04d}",
        created_at=created,
        updated_at=created,
        channel=Channel.WEB,
        category=category,
        description="Phản ánh cũ",
        location=Location(lat=9.18, lon=105.15, address="Cà Mau"),
        status=status,
        answer="Đã xử lý xong." if status is Status.CLOSED else None,
    )
    event = ReportEvent(
        type=EventType.SUBMITTED, source="t", report_id=report.id, actor="t", correlation_id="t"
    )
    stored_earlier(report, event)
    return report


# --- service discovery -------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_discovery_names_the_v2_endpoint_and_its_formats(aws: Resources, fmt: str) -> None:
    """Service discovery: changeset, contact, key_service, endpoints (specification, url, type, formats)."""
    result = call("GET", f"/discovery.{fmt}")
    if fmt == "json":
        doc = as_json(result)
        [endpoint] = doc["endpoints"]
        assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
        assert endpoint["url"] == "http://api.test/open311/v2"
        assert set(endpoint["formats"]) == {"text/xml", "application/json"}
        assert ISO_WITH_OFFSET.match(doc["changeset"]) and doc["contact"] and doc["key_service"]
    else:
        root = as_xml(result)
        assert root.tag == "discovery"
        assert root.findtext("endpoints/endpoint/specification") == "http://wiki.open311.org/GeoReport_v2"
        assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == [
            "text/xml",
            "application/json",
        ]


# --- GET services ------------------------------------------------------------------------------------------


def test_services_json_lists_every_category_with_the_spec_fields(aws: Resources) -> None:
    """GET services: service_code, service_name, description, metadata, type, keywords, group."""
    services = as_json(call("GET", "/services.json"))
    assert len(services) == 10
    for service in services:
        assert set(service) == {
            "service_code",
            "service_name",
            "description",
            "metadata",
            "type",
            "keywords",
            "group",
        }
        assert service["type"] in {"realtime", "batch", "blackbox"}
        assert isinstance(service["metadata"], bool)
    by_code = {s["service_code"]: s for s in services}
    assert by_code["dien"]["service_name"] == "Điện" and by_code["dien"]["metadata"] is True
    assert by_code["khac"]["metadata"] is False


def test_services_xml_root_and_items(aws: Resources) -> None:
    """XML: <services><service>...</service></services>, metadata as true/false, UTF-8."""
    root = as_xml(call("GET", "/services.xml"))
    assert root.tag == "services"
    services = root.findall("service")
    assert len(services) == 10
    dien = next(s for s in services if s.findtext("service_code") == "dien")
    assert dien.findtext("service_name") == "Điện"
    assert dien.findtext("metadata") == "true"


# --- GET service definition --------------------------------------------------------------------------------


def test_service_definition_json_attributes(aws: Resources) -> None:
    """Attributes: variable, code, datatype, required, datatype_description, order, description, values."""
    definition = as_json(call("GET", "/services/giao_thong.json"))
    assert definition["service_code"] == "giao_thong"
    [attribute] = definition["attributes"]
    assert set(attribute) == {
        "variable",
        "code",
        "datatype",
        "required",
        "datatype_description",
        "order",
        "description",
        "values",
    }
    assert attribute["variable"] is True and attribute["required"] is True
    assert attribute["datatype"] == "singlevaluelist" and attribute["order"] == 1
    assert {v["key"] for v in attribute["values"]} == {"pothole", "subsidence", "flooding"}
    assert all(set(v) == {"key", "name"} for v in attribute["values"])


def test_service_definition_xml(aws: Resources) -> None:
    root = as_xml(call("GET", "/services/giao_thong.xml"))
    assert root.tag == "service_definition"
    attribute = root.find("attributes/attribute")
    assert attribute is not None
    assert attribute.findtext("code") == "hazard" and attribute.findtext("required") == "true"
    assert len(attribute.findall("values/value")) == 3


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unknown_service_code_is_404_with_the_error_array(aws: Resources, fmt: str) -> None:
    """Errors: 404 - service_code not found; the body is an array of errors, each a code and description."""
    result = call("GET", f"/services/no_such.{fmt}")
    if fmt == "json":
        [error] = as_json(result, 404)
        assert error["code"] == 404 and "not found" in error["description"]
    else:
        root = as_xml(result, 404)
        assert root.tag == "errors"
        assert root.findtext("error/code") == "404"


def test_a_path_without_format_is_404(aws: Resources) -> None:
    assert call("GET", "/services/dien")["statusCode"] == 404


# --- POST service request ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_post_creates_a_request_and_returns_its_id(aws: Resources, api_key: str, fmt: str) -> None:
    """POST requests returns service_request_id (or a token), service_notice and account_id."""
    result = post(api_key, fmt, **{"attribute[pole_number]": "T-112"})
    if fmt == "json":
        [created] = as_json(result)
        request_id = created["service_request_id"]
        assert set(created) >= {"service_request_id", "service_notice", "account_id"}
    else:
        root = as_xml(result)
        assert root.tag == "service_requests"
        request_id = root.findtext("request/service_request_id")
    report = ReportRepository().get(str(request_id))
    assert report is not None
    assert report.channel is Channel.OPEN311 and report.attributes == {"pole_number": "T-112"}


def test_post_keeps_reporter_fields_private(aws: Resources, api_key: str) -> None:
    """Reporter fields (email, first_name, last_name, phone) are accepted; public reads never show them."""
    [created] = as_json(
        post(
            api_key,
            email="b@example.com",
            first_name="Thị",
            last_name="Bê",
            phone="0909000111",
            device_id="d1",
        )
    )
    report = ReportRepository().get(created["service_request_id"])
    assert report is not None and report.reporter.name == "Thị Bê" and report.reporter.phone == "0909000111"
    body = call("GET", f"/requests/{created['service_request_id']}.json", query="extensions=true")["body"]
    for secret in ("b@example.com", "Bê", "0909000111"):
        assert secret not in body


def test_post_with_an_address_only(aws: Resources, api_key: str) -> None:
    """lat & long are required only if no address_string is given."""
    [created] = as_json(post(api_key, lat=None, long=None, address_string="123 Lý Thường Kiệt, Cà Mau"))
    [request] = as_json(call("GET", f"/requests/{created['service_request_id']}.json"))
    assert request["address"] == "123 Lý Thường Kiệt, Cà Mau" and request["lat"] == ""


def test_multivaluelist_and_media_url(aws: Resources, api_key: str) -> None:
    form = urlencode(
        {
            "api_key": api_key,
            "service_code": "giao_thong",
            "lat": "9.17",
            "long": "105.15",
            "description": "Ổ gà",
            "attribute[hazard]": "pothole",
            "media_url": "https://client.example/p/1.jpg",
        }
    )
    [created] = as_json(call("POST", "/requests.json", form=form))
    [request] = as_json(call("GET", f"/requests/{created['service_request_id']}.json"))
    assert request["media_url"] == "https://client.example/p/1.jpg"


# --- GET service requests ----------------------------------------------------------------------------------


def test_get_requests_fields_and_dates(aws: Resources, api_key: str) -> None:
    """Each request carries the spec's fields; dates are ISO 8601 with the timezone offset."""
    as_json(post(api_key))
    [request] = as_json(call("GET", "/requests.json"))
    assert list(request) == REQUEST_FIELDS
    assert request["status"] == "open"
    for name in ("requested_datetime", "updated_datetime"):
        assert ISO_WITH_OFFSET.match(request[name]), request[name]
    assert request["requested_datetime"].endswith("+07:00")
    assert request["service_name"] == "Điện" and request["lat"] == 9.1769 and request["long"] == 105.1524


def test_get_requests_xml(aws: Resources, api_key: str) -> None:
    as_json(post(api_key))
    root = as_xml(call("GET", "/requests.xml"))
    assert root.tag == "service_requests"
    [request] = root.findall("request")
    assert [child.tag for child in request] == REQUEST_FIELDS


def test_status_maps_closed_and_rejected_to_closed_and_publishes_the_answer(aws: Resources) -> None:
    """status: open or closed; status_notes explain the current status (our published answer)."""
    old_report(1, Status.CLOSED)
    old_report(2, Status.REJECTED)
    old_report(3, Status.IN_PROGRESS)
    requests = as_json(call("GET", "/requests.json"))
    assert [r["status"] for r in requests] == ["closed", "closed", "open"]
    assert requests[0]["status_notes"] == "Đã xử lý xong."
    assert [r["service_request_id"] for r in as_json(call("GET", "/requests.json", "status=open"))] == [
        requests[2]["service_request_id"]
    ]
    assert len(as_json(call("GET", "/requests.json", "status=open,closed"))) == 3


def test_default_window_is_the_last_90_days(aws: Resources) -> None:
    """Default query should return results from the past 90 days."""
    recent, _ = old_report(10), old_report(120)
    assert [r["service_request_id"] for r in as_json(call("GET", "/requests.json"))] == [recent.id]


def test_start_and_end_date(aws: Resources) -> None:
    """start_date / end_date select by requested_datetime; the range may not span more than 90 days."""
    old_report(10)
    middle = old_report(100)
    old_report(150)
    start = (datetime.now(UTC) - timedelta(days=110)).isoformat()
    end = (datetime.now(UTC) - timedelta(days=95)).isoformat()
    found = as_json(call("GET", "/requests.json", urlencode({"start_date": start, "end_date": end})))
    assert [r["service_request_id"] for r in found] == [middle.id]
    too_long = urlencode({"start_date": "2026-01-01T00:00:00+07:00", "end_date": "2026-06-01T00:00:00+07:00"})
    [error] = as_json(call("GET", "/requests.json", too_long), 400)
    assert "90 days" in error["description"]


def test_service_code_and_id_lists(aws: Resources) -> None:
    """service_code and service_request_id may be comma delimited; a list of ids overrides other arguments."""
    a, b = old_report(1, category="dien"), old_report(2, category="giao_thong")
    old_report(3, category="du_lich")
    codes = as_json(call("GET", "/requests.json", "service_code=dien,giao_thong"))
    assert [r["service_request_id"] for r in codes] == [a.id, b.id]
    ids = as_json(call("GET", "/requests.json", f"service_request_id={b.id},{a.id}&service_code=du_lich"))
    assert [r["service_request_id"] for r in ids] == [b.id, a.id]


def test_get_one_request_is_an_array_of_one(aws: Resources, api_key: str) -> None:
    """GET requests/{id}: returns a single request, as an array of one."""
    [created] = as_json(post(api_key))
    found = as_json(call("GET", f"/requests/{created['service_request_id']}.json"))
    assert len(found) == 1 and found[0]["service_request_id"] == created["service_request_id"]
    root = as_xml(call("GET", f"/requests/{created['service_request_id']}.xml"))
    assert len(root.findall("request")) == 1


@pytest.mark.parametrize(
    "path", ["/requests/PA-0000-0000.json", "/requests/nonsense.xml", "/tokens/nope.json"]
)
def test_unknown_request_or_token_is_404(aws: Resources, path: str) -> None:
    assert call("GET", path)["statusCode"] == 404


def test_token_resolves_to_the_request(aws: Resources, api_key: str) -> None:
    """GET tokens/{token}: service_request_id and token (ours are created in real time: id = token)."""
    [created] = as_json(post(api_key))
    [found] = as_json(call("GET", f"/tokens/{created['service_request_id']}.json"))
    assert found == {
        "service_request_id": created["service_request_id"],
        "token": created["service_request_id"],
    }


# --- extensions --------------------------------------------------------------------------------------------


def test_page_and_page_size(aws: Resources) -> None:
    ids = [old_report(n).id for n in range(1, 6)]
    pages = [
        [r["service_request_id"] for r in as_json(call("GET", "/requests.json", f"page_size=2&page={p}"))]
        for p in (1, 2, 3)
    ]
    assert pages == [ids[0:2], ids[2:4], ids[4:5]]


def test_updated_after(aws: Resources) -> None:
    old_report(5)
    fresh = old_report(1)
    since = (datetime.now(UTC) - timedelta(days=3)).isoformat()
    found = as_json(call("GET", "/requests.json", urlencode({"updated_after": since})))
    assert [r["service_request_id"] for r in found] == [fresh.id]


def test_extensions_add_channel_photos_and_timeline(aws: Resources, api_key: str) -> None:
    [created] = as_json(post(api_key))
    [request] = as_json(call("GET", "/requests.json", "extensions=true"))
    extended = request["extended_attributes"]
    assert extended["channel"] == "open311" and extended["photos"] == []
    assert [step["type"] for step in extended["timeline"]] == ["Report.Submitted"]
    root = as_xml(call("GET", f"/requests/{created['service_request_id']}.xml", "extensions=true"))
    assert root.findtext("request/extended_attributes/timeline/step/type") == "Report.Submitted"


def test_reads_use_queries_never_a_scan(aws: Resources, api_key: str, calls: Counter[Call]) -> None:
    [created] = as_json(post(api_key))
    calls.clear()
    as_json(call("GET", "/requests.json", "extensions=true&status=open"))
    as_xml(call("GET", f"/requests/{created['service_request_id']}.xml", "extensions=true"))
    as_json(call("GET", "/services.json"))
    operations = {c.operation.lower() for c in calls if c.service == "dynamodb"}
    assert "scan" not in operations and "query" in operations
