"""Bad input for every intake endpoint, in one emulated account for the whole module.

These cases only prove rejections (plus the accepted channels), so they share one environment instead of
building a fresh one each: the suite runs on two cores in CI. Cases that depend on what else is stored
live in the endpoint's own test module.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import boto3
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from moto import mock_aws

from infra.local.provision import provision
from infra.seed import load_seed
from shared.api_keys import ApiKeyRepository
from shared.aws import reset_clients
from shared.directory import DirectoryRepository
from tests.integration.conftest import clear_handler_caches
from tests.integration.test_citizen_api import REPORT, publish_answer, rate, submit
from tests.integration.test_feed import feed
from tests.integration.test_open311 import as_json, as_xml, call, post
from tests.support import REGION, api_call


@dataclass
class Env:
    api_key: str
    answered: dict[str, Any]  # a report whose answer is published, with its access token


@pytest.fixture(scope="module")
def env() -> Iterator[Env]:
    with mock_aws():
        reset_clients()
        clear_handler_caches()
        provision(boto3.Session(region_name=REGION), visibility_timeout_s=0)
        load_seed(DirectoryRepository())
        answered = submit()
        publish_answer(answered["id"])
        yield Env(api_key=ApiKeyRepository().issue("bad-input-suite"), answered=answered)
        reset_clients()


@pytest.mark.parametrize("key", ["", "x" * 256, "has space", "tiếng việt"])
def test_malformed_idempotency_keys_are_422(env: Env, key: str) -> None:
    status, body = api_call("POST", "/v1/reports", REPORT, {"Idempotency-Key": key})
    assert status == 422, body
    assert body["error"]["code"] == "validation_error"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"description": "x" * 4001}, "description"),
        ({"location": {"lat": 21.0, "lon": 100.0}}, "location.lon"),  # Laos
        ({"location": {"lat": 35.0, "lon": 105.0}}, "location.lat"),  # China
        ({"photos": ["0" * 32] * 6}, "photos"),
        ({"photos": ["not-an-upload-id"]}, "photos.0"),
        ({"attributes": {f"k{i}": "v" for i in range(21)}}, "attributes"),
        ({"reporter": {"phone": "call me maybe"}}, "reporter.phone"),
        ({"reporter": {"name": "x" * 121}}, "reporter.name"),
        ({"unexpected": 1}, "unexpected"),
    ],
)
def test_every_string_and_list_is_bounded(env: Env, changes: dict[str, Any], field: str) -> None:
    status, body = api_call("POST", "/v1/reports", {**REPORT, **changes})
    assert status == 422, body
    assert field in body["error"]["fields"], body["error"]["fields"]


@pytest.mark.parametrize("channel", ["web", "app"])
def test_the_web_and_app_channels_are_accepted(env: Env, channel: str) -> None:
    assert submit({**REPORT, "channel": channel})["status"] == "received"


@pytest.mark.parametrize("channel", ["facebook", "zalo", "hotline", "email", "open311", "WEB", ""])
def test_a_channel_of_another_entry_point_is_refused(env: Env, channel: str) -> None:
    status, body = api_call("POST", "/v1/reports", {**REPORT, "channel": channel})
    assert (status, list(body["error"]["fields"])) == (422, ["channel"])


@pytest.mark.parametrize(
    ("category", "attributes", "field"),
    [
        ("giao_thong", {}, "attributes.hazard"),  # required
        ("giao_thong", {"hazard": "volcano"}, "attributes.hazard"),  # not a choice
        ("dien", {"colour": "red"}, "attributes.colour"),  # not asked
        ("du_lich", {"visit_date": "yesterday"}, "attributes.visit_date"),
    ],
)
def test_category_fields_are_checked(env: Env, category: str, attributes: dict[str, str], field: str) -> None:
    status, body = api_call("POST", "/v1/reports", {**REPORT, "category": category, "attributes": attributes})
    assert status == 422
    assert field in body["error"]["fields"]


@pytest.mark.parametrize(
    "body",
    [
        {"satisfied": True, "score": 6},
        {"satisfied": True, "score": 0},
        {"score": 3},
        {"satisfied": True, "comment": "x" * 1001},
        [],
        "{",
    ],
)
def test_bad_ratings_are_422(env: Env, body: Any) -> None:
    status, answer = rate(env.answered["id"], env.answered["access_token"], body)
    assert status == 422, answer


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=abc", "limit"),
        ("status=lost", "status"),
        ("since=yesterday", "since"),
        ("bbox=1,2,3", "bbox"),
        ("bbox=105,10,104,9", "bbox"),
        ("bbox=a,b,c,d", "bbox"),
        ("cursor=garbage", "cursor"),
        ("cursor=eyJtIjoxfQ", "cursor"),
        ("q=" + "x" * 201, "q"),
    ],
)
def test_bad_feed_filters_are_422(env: Env, query: str, field: str) -> None:
    status, body = feed(query)
    assert status == 422, body
    assert field in body["error"]["fields"]


@pytest.mark.parametrize(
    "body",
    [
        {"content_type": "image/gif"},
        {"content_type": "text/html"},
        {},
        {"content_type": "image/jpeg", "x": 1},
    ],
)
def test_only_jpeg_png_webp_slots(env: Env, body: dict[str, Any]) -> None:
    status, answer = api_call("POST", "/v1/uploads", body)
    assert status == 422, answer


@pytest.mark.parametrize("key", [None, "", "wrong-key", "x" * 500])
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_missing_or_invalid_api_key_is_403(env: Env, key: str | None, fmt: str) -> None:
    """Errors: 403 - api_key was not provided or is invalid."""
    result = post(key, fmt)  # type: ignore[arg-type]
    if fmt == "json":
        [error] = as_json(result, 403)
        assert error["code"] == 403
    else:
        assert as_xml(result, 403).findtext("error/code") == "403"


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"service_code": None}, 400),  # 400 - service_code was not provided
        ({"service_code": "no_such"}, 404),
        ({"lat": None, "long": None}, 400),  # neither a location nor an address
        ({"lat": "abc"}, 400),
        ({"lat": "48.85", "long": "2.35"}, 400),  # Paris: outside Vietnam
        ({"long": None}, 400),
        ({"description": "x" * 4001}, 400),
        ({"email": "not-an-email"}, 400),
        ({"attribute[colour]": "red"}, 400),  # not an attribute of this service
        ({"attribute[<script>]": "x"}, 400),
        ({"media_url": "javascript:alert(1)"}, 400),
        ({"service_code": "giao_thong"}, 400),  # 400 - a required attribute was not provided
    ],
)
def test_bad_requests_are_400_or_404_with_a_description(
    env: Env, fields: dict[str, Any], status: int
) -> None:
    [error] = as_json(post(env.api_key, **fields), status)
    assert error["code"] == status and error["description"]


@pytest.mark.parametrize(
    "body", ["", "%%%", "a=" + "b" * 10_000, "&".join(f"f{i}=1" for i in range(200)), "\x00\xff"]
)
def test_garbage_forms_never_500(env: Env, body: str) -> None:
    result = call("POST", "/requests.json", form=body)
    assert result["statusCode"] in (400, 403), result["body"]


@pytest.mark.parametrize(
    "query",
    [
        "start_date=yesterday",
        "end_date=2026-13-01",
        "status=pending",
        "page_size=0",
        "page_size=1001",
        "page=abc",
        "service_request_id=" + ",".join(["x"] * 101),
        "updated_after=%%%",
    ],
)
def test_bad_open311_filters_are_400(env: Env, query: str) -> None:
    [error] = as_json(call("GET", "/requests.json", query), 400)
    assert error["code"] == 400


form_fields = st.dictionaries(
    st.sampled_from(
        [
            "api_key",
            "service_code",
            "lat",
            "long",
            "address_string",
            "description",
            "email",
            "phone",
            "first_name",
            "media_url",
            "attribute[hazard]",
            "attribute[hazard][]",
            "attribute[x",
            "jurisdiction_id",
        ]
    ),
    st.text(max_size=60),
    max_size=8,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fields=form_fields, with_key=st.booleans(), fmt=st.sampled_from(["json", "xml"]))
def test_open311_posts_never_fail(env: Env, fields: dict[str, str], with_key: bool, fmt: str) -> None:
    form = {**fields, "api_key": env.api_key} if with_key else fields
    result = call("POST", f"/requests.{fmt}", form=form)
    assert result["statusCode"] in (200, 400, 403, 404), result["body"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    query=st.dictionaries(
        st.sampled_from(
            [
                "start_date",
                "end_date",
                "status",
                "service_code",
                "service_request_id",
                "page",
                "page_size",
                "updated_after",
                "extensions",
            ]
        ),
        st.text(max_size=40),
        max_size=5,
    ),
    path=st.sampled_from(["/requests.json", "/requests.xml", "/requests/PA-0000-0000.json", "/tokens/x.xml"]),
)
def test_open311_reads_never_fail(env: Env, query: dict[str, str], path: str) -> None:
    result = call("GET", path, urlencode(query))
    assert result["statusCode"] in (200, 400, 404), result["body"]


@pytest.mark.parametrize("path", ["/v1/reports/%0A", "/v1/reports/\n", "/v1/reports\n", "/v1/categories/\r"])
def test_control_characters_in_the_path_are_404_not_another_route(env: Env, path: str) -> None:
    status, body = api_call("GET", path, route="/v1/reports/{id}")
    assert status == 404, body
    assert body["error"]["code"] in ("no_route", "not_found")
