"""The committed OpenAPI document (shared/openapi.json) is what infra.openapi generates, and says what the
clients rely on: every route of every API function, who must sign in, the staff actions, the error shape."""

from __future__ import annotations

import json
from typing import Any

import pytest
from openapi_spec_validator import validate

from infra.openapi import BEARER, DOCUMENT, ERROR, LEFT_OUT, generate, route_key
from infra.topology import TOPOLOGY, Route

METHODS = {"get", "put", "post", "delete", "patch"}


@pytest.fixture(scope="module")
def generated() -> str:
    return generate()


@pytest.fixture(scope="module")
def document(generated: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(generated)
    return loaded


def operations(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        route_key(method, path): operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    }


def topology_routes() -> list[Route]:
    return [route for f in TOPOLOGY.functions if f.name not in LEFT_OUT for route in f.routes]


def test_the_committed_document_is_the_generated_one(generated: str) -> None:
    committed = DOCUMENT.read_text(encoding="utf-8")
    assert committed == generated, "shared/openapi.json is stale: run `python -m infra.openapi`"


def test_the_output_is_stable_and_ends_with_a_newline(generated: str) -> None:
    assert generate() == generated
    assert generated.endswith("}\n")
    assert "Phản ánh" in generated  # not escaped


def test_it_is_a_valid_openapi_document(document: dict[str, Any]) -> None:
    validate(document)


def test_every_route_of_every_api_function_is_described_open311_aside(document: dict[str, Any]) -> None:
    described = operations(document)
    expected = {route_key(r.method, r.path) for r in topology_routes()}
    assert expected == set(described)
    assert not any(path.startswith("/open311") for path in document["paths"])
    for prefix in ("/v1/reports", "/v1/staff/", "/v1/admin/", "/v1/stats", "/v1/admin/agencies/{}/webhooks"):
        assert any(path.startswith(prefix) for _, path in described), prefix


def test_staff_routes_and_only_they_need_the_bearer_token(document: dict[str, Any]) -> None:
    scheme = document["components"]["securitySchemes"][BEARER]
    assert scheme == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": scheme["description"],
    }
    assert "security" not in document  # nothing is signed in by default
    described = operations(document)
    for route in topology_routes():
        operation = described[route_key(route.method, route.path)]
        if route.auth == "staff":
            assert operation["security"] == [{BEARER: []}], route
            assert "401" in operation["responses"] and "403" in operation["responses"]
        else:
            assert "security" not in operation, route


def test_each_staff_action_is_a_schema_told_apart_by_a_const_type(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    action = operations(document)[("POST", "/v1/staff/reports/{}/actions")]
    body = action["requestBody"]["content"]["application/json"]["schema"]
    assert action["requestBody"]["required"] is True
    assert body["discriminator"]["propertyName"] == "type"
    mapping = body["discriminator"]["mapping"]
    assert {"classify", "assign", "reject", "merge", "publish", "hide", "reopen"} <= set(mapping)
    assert {"accept", "note", "contacted", "resolve", "send_back"} <= set(mapping)
    assert sorted(ref["$ref"] for ref in body["oneOf"]) == sorted(mapping.values())
    for kind, ref in mapping.items():
        schema = schemas[ref.rsplit("/", 1)[1]]
        assert schema["properties"]["type"]["const"] == kind
        assert {"type", "version"} <= set(schema["required"])
        assert schema["additionalProperties"] is False


def test_errors_have_one_shape_referenced_by_every_4xx(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    error = schemas[ERROR]
    assert error["required"] == ["error"]
    detail = schemas[error["properties"]["error"]["$ref"].rsplit("/", 1)[1]]
    assert detail["required"] == ["code", "message_vi", "message_en"]
    assert {"fields", "allowed"} <= set(detail["properties"])
    assert "HTTPValidationError" not in schemas  # Powertools' own 422 body, which these APIs never send
    seen: set[str] = set()
    for key, operation in operations(document).items():
        for status, answer in operation["responses"].items():
            if status.startswith("4"):
                seen.add(status)
                assert answer["content"]["application/json"]["schema"] == {
                    "$ref": f"#/components/schemas/{ERROR}"
                }, (key, status)
    assert {"401", "403", "404", "409", "415", "422"} <= seen


@pytest.mark.parametrize(
    ("method", "path", "codes"),
    [
        ("POST", "/v1/staff/reports/{}/actions", {"401", "403", "404", "409", "415", "422"}),
        ("POST", "/v1/reports/{}/rating", {"403", "404", "409", "415", "422"}),
        ("POST", "/v1/reports", {"409", "415", "422"}),
        ("GET", "/v1/reports/{}", {"403", "404", "422"}),
        ("GET", "/v1/categories", set()),
    ],
)
def test_each_operation_lists_the_errors_it_can_answer(
    document: dict[str, Any], method: str, path: str, codes: set[str]
) -> None:
    responses = operations(document)[(method, path)]["responses"]
    assert {status for status in responses if status.startswith("4")} == codes
