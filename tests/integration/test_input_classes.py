"""Classes of hostile input, tried on every route they apply to: JSON nested too deep, dates at the edges of
the calendar, and numbers written with other digits than ASCII's. Each must be a 4xx in the one error
shape (Open311: its own), and change nothing stored.

The routes come from the OpenAPI document (every operation with a body; every date-time or integer query
parameter), plus Open311's, which the document does not describe, so a new route is covered unasked.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import boto3
import jwt
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from moto import mock_aws
from moto.utilities.utils import load_resource

from infra.local.cognito import create_users, provision_user_pool
from infra.local.provision import provision
from infra.seed import DemoUser, load_seed
from infra.topology import TOPOLOGY
from shared import auth
from shared.api_document import DOCUMENT
from shared.api_keys import ApiKeyRepository
from shared.aws import reset_clients
from shared.bounds import MAX_JSON_DEPTH
from shared.directory import DirectoryRepository
from tests.integration.conftest import STAFF
from tests.support import PASSWORD, REGION, api_raw, sign_in

SPEC: dict[str, Any] = json.loads(DOCUMENT.read_text(encoding="utf-8"))
OPEN311 = "open311-api"
EXAMPLES = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    return [(m.upper(), path, op) for path, ops in SPEC["paths"].items() for m, op in ops.items()]


def _schema_kind(parameter: dict[str, Any]) -> str:
    schemas = parameter.get("schema", {}).get("anyOf") or [parameter.get("schema", {})]
    if any(s.get("format") == "date-time" for s in schemas):
        return "date-time"
    return "integer" if any(s.get("type") == "integer" for s in schemas) else ""


BODIES = [(m, p, op["tags"][0]) for m, p, op in _operations() if "requestBody" in op]
QUERY_PARAMETERS = [
    (m, p, op["tags"][0], q["name"], _schema_kind(q))
    for m, p, op in _operations()
    for q in op.get("parameters", [])
    if q["in"] == "query" and _schema_kind(q)
]
OPEN311_DATES = ["start_date", "end_date", "updated_after", "updated_before"]
OPEN311_INTEGERS = ["page_size", "page"]


def test_the_document_lists_the_routes_the_classes_are_tried_on() -> None:
    assert {
        ("POST", "/v1/reports"),
        ("PUT", "/v1/admin/settings"),
        ("POST", "/v1/staff/reports/{id}/actions"),
    } <= {(m, p) for m, p, _ in BODIES}
    assert {("since", "date-time"), ("due_before", "date-time"), ("limit", "integer")} <= {
        (name, kind) for *_, name, kind in QUERY_PARAMETERS
    }
    assert {tag for *_, tag, _, _ in QUERY_PARAMETERS} >= {
        "intake-api",
        "staff-api",
        "notify-api",
        "stats-api",
    }


@pytest.fixture(scope="module")
def env() -> Iterator[dict[str, str]]:
    """One account for the module: the demo province, staff of every role, an Open311 key."""
    with mock_aws(), pytest.MonkeyPatch.context() as patch:
        reset_clients()
        session = boto3.Session(region_name=REGION)
        for key, value in provision(session, visibility_timeout_s=0).env.items():
            patch.setenv(key, value)
        load_seed(DirectoryRepository())
        pool = provision_user_pool(session, TOPOLOGY, "http://emulator", ["dien-luc", "so-xay-dung"])
        users = [DemoUser(username=u, password=PASSWORD, groups=g) for u, g in STAFF.items()]
        create_users(session, pool.pool_id, users)
        for key, value in pool.env.items():
            patch.setenv(key, value)
        patch.setattr(
            jwt.PyJWKClient, "fetch_data", lambda self: load_resource("cognitoidp/resources/jwks-public.json")
        )
        reset_clients()
        auth.reset()
        tokens = {user: sign_in({"client_id": pool.client_id}, user) for user in STAFF}
        yield {**tokens, "api_key": ApiKeyRepository().issue("input-classes")}
        auth.reset()
        reset_clients()


def _token(env: dict[str, str], path: str) -> dict[str, str]:
    """The role that may use the route, so a refusal is about the input, not about who asks."""
    user = "adm" if path.startswith("/v1/admin") else "lead" if "/stats" in path else "op"
    return {"Authorization": f"Bearer {env[user]}"}


def _concrete(path: str) -> str:
    return (
        path.replace("{report_id}", "PA-2611-AAAA")
        .replace("{webhook_id}", "ep_00")
        .replace("{id}", "dien-luc")
    )


def stored() -> dict[str, int]:
    """How many items each table holds: refused input must leave every one as it was."""
    dynamodb = boto3.client("dynamodb", region_name=REGION)
    return {
        name: dynamodb.scan(TableName=name, Select="COUNT")["Count"]
        for name in dynamodb.list_tables()["TableNames"]
    }


def assert_refused(result: dict[str, Any]) -> None:
    status = int(result["statusCode"])
    assert 400 <= status < 500, (status, result["body"][:300])
    body = json.loads(result["body"])
    error = body[0] if isinstance(body, list) else body["error"]  # Open311's shape, or ours
    assert (error.get("description") or error.get("message_en")) and "Error" not in json.dumps(error)


# Nesting ------------------------------------------------------------------------------------------------


def nested(depth: int, opener: str) -> str:
    closer = {"[": "]", '{"a":': "}"}[opener]
    return opener * depth + "1" + closer * depth


nesting = st.tuples(st.integers(MAX_JSON_DEPTH + 1, 5000), st.sampled_from(["[", '{"a":']))


@pytest.mark.parametrize(("method", "path", "function"), BODIES, ids=[f"{m} {p}" for m, p, _ in BODIES])
@EXAMPLES
@given(shape=nesting)
def test_json_nested_too_deep_is_refused_on_every_body(
    env: dict[str, str], method: str, path: str, function: str, shape: tuple[int, str]
) -> None:
    before = stored()
    body = nested(*shape)
    result = api_raw(method, _concrete(path), body, _token(env, path), route=path, function=function)
    assert_refused(result)
    assert json.loads(result["body"])["error"]["code"] == "too_deep"
    assert stored() == before


def test_json_nested_inside_a_field_of_a_report_is_refused_too(env: dict[str, str]) -> None:
    before = stored()
    report = '{"description": "Đèn hỏng", "location": {"lat": 9.17, "lon": 105.15}, "attributes": '
    result = api_raw("POST", "/v1/reports", report + nested(1000, "[") + "}")
    assert_refused(result)
    assert stored() == before


def test_brackets_inside_strings_are_text_not_nesting(env: dict[str, str]) -> None:
    body = {"description": "[" * 500 + " đèn hỏng", "location": {"lat": 9.17, "lon": 105.15}}
    assert api_raw("POST", "/v1/reports", body)["statusCode"] == 201


def test_open311_bodies_that_nest_are_refused(env: dict[str, str]) -> None:
    """A form cannot nest, except through bracketed names; and a JSON body is not a form."""
    before = stored()
    form = f"api_key={env['api_key']}&service_code=dien&lat=9.17&long=105.15&description=x"
    for name in ("attribute[" * 500 + "x" + "]" * 500, "attribute[a][b][c][d]"):
        result = api_raw(
            "POST",
            "/open311/v2/requests.json",
            f"{form}&{quote(name)}=1",
            function=OPEN311,
            content_type="application/x-www-form-urlencoded",
        )
        assert_refused(result)
    result = api_raw("POST", "/open311/v2/requests.json", nested(1000, "["), function=OPEN311)
    assert_refused(result)
    assert stored() == before


# Dates at the edges of the calendar --------------------------------------------------------------------

FORMATS = ("%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S+14:00")
edge_dates = st.one_of(
    st.sampled_from(["0001-01-01", "9999-12-31T23:59:59Z", "9999-12-31T00:00:00-12:00", "1999-12-31"]),
    st.builds(
        lambda moment, fmt: f"{moment.year:04d}" + moment.strftime(fmt)[4:],
        st.one_of(
            st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(1999, 12, 30)),
            st.datetimes(min_value=datetime(2100, 1, 2), max_value=datetime(9999, 12, 31, 23, 59)),
        ),
        st.sampled_from(FORMATS),
    ),
)
DATE_PARAMETERS = [q for q in QUERY_PARAMETERS if q[4] == "date-time"]


@pytest.mark.parametrize(
    ("method", "path", "function", "name", "kind"),
    DATE_PARAMETERS,
    ids=[f"{q[1]}?{q[3]}" for q in DATE_PARAMETERS],
)
@EXAMPLES
@given(value=edge_dates)
def test_dates_outside_the_calendar_are_refused_on_every_route(
    env: dict[str, str], method: str, path: str, function: str, name: str, kind: str, value: str
) -> None:
    query = f"{name}={quote(value)}"
    result = api_raw(method, _concrete(path), None, _token(env, path), path, query, function)
    assert_refused(result)
    assert name in json.loads(result["body"])["error"]["fields"]


@pytest.mark.parametrize("name", OPEN311_DATES)
@EXAMPLES
@given(value=edge_dates)
def test_open311_dates_outside_the_calendar_are_refused(env: dict[str, str], name: str, value: str) -> None:
    result = api_raw("GET", "/open311/v2/requests.json", query=f"{name}={quote(value)}", function=OPEN311)
    assert result["statusCode"] == 400, result["body"]
    assert_refused(result)


def test_a_category_date_answer_outside_the_calendar_is_refused(env: dict[str, str]) -> None:
    before = stored()
    categories = json.loads(api_raw("GET", "/v1/categories")["body"])
    asking = [
        (c["code"], f["code"])
        for c in categories
        for f in c.get("fields", [])
        if f.get("datatype") == "datetime"
    ]
    if not asking:
        pytest.skip("the demo province asks no date in a category")
    category, field = asking[0]
    body = {
        "description": "Đèn hỏng",
        "category": category,
        "location": {"lat": 9.17, "lon": 105.15},
        "attributes": {field: "0001-01-01T00:00:00"},
    }
    assert_refused(api_raw("POST", "/v1/reports", body))
    assert stored() == before


def test_dates_inside_the_calendar_still_work(env: dict[str, str]) -> None:
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    assert api_raw("GET", "/v1/reports", query=f"since={quote('2026-01-01T00:00:00Z')}")["statusCode"] == 200
    result = api_raw(
        "GET",
        "/v1/staff/reports",
        None,
        _token(env, "/v1/staff"),
        query=f"due_before={quote(now)}",
        function="staff-api",
    )
    assert result["statusCode"] == 200
    assert (
        api_raw("GET", "/open311/v2/requests.json", query="start_date=2026-01-01", function=OPEN311)[
            "statusCode"
        ]
        == 200
    )


# Digits ------------------------------------------------------------------------------------------------

non_ascii_numbers = st.one_of(
    st.sampled_from(["²", "١٢", "٣", "１０", "1_0", "+5", " 12", "12.0", "𝟗", "٢٠٢٦"]),
    st.text(st.characters(categories=["Nd", "No"], exclude_characters="0123456789"), min_size=1, max_size=4),
)
INTEGER_PARAMETERS = [q for q in QUERY_PARAMETERS if q[4] == "integer"]


@pytest.mark.parametrize(
    ("method", "path", "function", "name", "kind"),
    INTEGER_PARAMETERS,
    ids=[f"{q[1]}?{q[3]}" for q in INTEGER_PARAMETERS],
)
@EXAMPLES
@given(value=non_ascii_numbers)
def test_integers_take_ascii_digits_only_on_every_route(
    env: dict[str, str], method: str, path: str, function: str, name: str, kind: str, value: str
) -> None:
    result = api_raw(
        method, _concrete(path), None, _token(env, path), path, f"{name}={quote(value)}", function
    )
    assert_refused(result)
    assert name in json.loads(result["body"])["error"]["fields"]


@pytest.mark.parametrize("name", OPEN311_INTEGERS)
@EXAMPLES
@given(value=non_ascii_numbers)
def test_open311_integers_take_ascii_digits_only(env: dict[str, str], name: str, value: str) -> None:
    result = api_raw("GET", "/open311/v2/requests.json", query=f"{name}={quote(value)}", function=OPEN311)
    assert result["statusCode"] == 400, result["body"]
    assert_refused(result)


@pytest.mark.parametrize("period", ["٢٠٢٦", "２０２６-10", "0001-01", "9999-12-31"])
def test_statistics_periods_take_ascii_digits_in_the_calendar(env: dict[str, str], period: str) -> None:
    assert_refused(api_raw("GET", "/v1/stats", query=f"period={quote(period)}", function="stats-api"))


non_ascii_decimals = st.one_of(
    st.sampled_from(["٩.١٧", "９.17", "nan", "inf", "-inf", "1e1", "9_0", "0x9", "²"]),
    st.builds(
        lambda digits, point: point.join(digits),
        st.lists(
            st.text(
                st.characters(categories=["Nd"], exclude_characters="0123456789"), min_size=1, max_size=3
            ),
            min_size=1,
            max_size=2,
        ),
        st.just("."),
    ),
)


@EXAMPLES
@given(value=non_ascii_decimals)
def test_coordinates_take_ascii_digits_only(env: dict[str, str], value: str) -> None:
    before = stored()
    bbox = ",".join([value, "8.5", "105.5", "9.5"])
    assert_refused(api_raw("GET", "/v1/reports", query=f"bbox={quote(bbox)}"))
    form = f"api_key={env['api_key']}&service_code=dien&description=x&lat={quote(value)}&long=105.15"
    result = api_raw(
        "POST",
        "/open311/v2/requests.json",
        form,
        function=OPEN311,
        content_type="application/x-www-form-urlencoded",
    )
    assert result["statusCode"] == 400, result["body"]
    assert stored() == before
