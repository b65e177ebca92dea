"""One OpenAPI document for the whole API, merged from each API function's own resolver.

Each API function of the topology has its Powertools resolver (`enable_validation=True`) in the module its
handler path names. This module imports those modules by that path, asks each resolver for its schema,
and merges them: the paths side by side, the component schemas shared (a name defined twice must be the
same schema), then adds what no single resolver knows:
- `bearerAuth` (a Cognito ID token) on the routes the topology marks `staff`, and nowhere else;
- the one error shape of every API (shared/http_errors.py) on the 4xx answers each operation can give,
  in place of Powertools' own 422 body, which these APIs never send.

The result is committed as shared/openapi.json (shared/ ships in every Lambda asset, so the intake function
serves it without importing other services); a test fails when it differs from what this module generates.

    python -m infra.openapi            # writes shared/openapi.json
    python -m infra.openapi --check    # exit 1 if the committed document is stale
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import sys
from pathlib import Path
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from pydantic import BaseModel, Field

from infra.topology import TOPOLOGY, Function, Route, Topology

REPO_ROOT = Path(__file__).resolve().parents[1]
DOCUMENT = REPO_ROOT / "shared" / "openapi.json"
TITLE = "Phản ánh hiện trường API"
VERSION = "1.0.0"
DESCRIPTION = (
    "Field reports from citizens to the competent agency. Public routes need no sign-in; staff routes "
    "(bearerAuth) take the Cognito ID token of a staff member. Every error has one shape: `Error`."
)
# Open311 GeoReport v2 has its own specification (form bodies, XML answers) and its own clients.
LEFT_OUT = frozenset({"open311-api"})
BEARER = "bearerAuth"
ERROR = "Error"
WRITES = frozenset({"post", "put", "patch", "delete"})
METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
# Powertools' own validation bodies: replaced by Error, so they go unless something still refers to them.
POWERTOOLS_SCHEMAS = ("HTTPValidationError", "ValidationError", "ResponseValidationError")


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable, machine-readable: validation_error, not_found, conflict, ...")
    message_vi: str = Field(description="For people, in Vietnamese")
    message_en: str = Field(description="For people, in English")
    # Absent rather than null when they do not apply.
    fields: dict[str, str] = Field(
        default_factory=dict, description="Invalid input: what is wrong with each field, by the field's name"
    )
    allowed: list[str] = Field(
        default_factory=list, description="illegal_transition: the actions the report's status allows now"
    )


class Error(BaseModel):
    """What every API answers on an error."""

    error: ErrorDetail


ERROR_ANSWERS = {
    "401": "No valid sign-in (a missing or expired token)",
    "403": "Signed in (or holding a token) without the right to this",
    "404": "Not found (agency staff: also a report that is not their agency's)",
    "409": "Conflict: changed since read (`conflict`), or not allowed in this status (`illegal_transition`)",
    "415": "Only JSON bodies are accepted",
    "422": "Invalid input; `fields` names each field and what is wrong",
}


def api_functions(topology: Topology = TOPOLOGY) -> list[Function]:
    return [f for f in topology.functions if f.routes and f.name not in LEFT_OUT]


def resolver_of(function: Function) -> APIGatewayRestResolver:
    """The resolver in the module the topology's handler path names (whatever its attribute is called)."""
    module = importlib.import_module(function.handler.rsplit(".", 1)[0])
    found = [value for value in vars(module).values() if isinstance(value, APIGatewayRestResolver)]
    if len(found) != 1:
        raise LookupError(f"{function.handler}: expected one APIGatewayRestResolver, found {len(found)}")
    return found[0]


def route_key(method: str, path: str) -> tuple[str, str]:
    """Method and path with parameters unnamed: the topology says {id} where a handler says {report_id}."""
    return method.upper(), re.sub(r"\{[^}]+\}", "{}", path)


def _function_schema(function: Function) -> dict[str, Any]:
    schema = resolver_of(function).get_openapi_schema(title=TITLE, version=VERSION)
    return schema.model_dump(mode="json", by_alias=True, exclude_none=True)


def _error_schemas() -> dict[str, Any]:
    schema = Error.model_json_schema(ref_template="#/components/schemas/{model}")
    definitions = schema.pop("$defs")
    return {ERROR: schema, **definitions}


def _error_answers(operation: dict[str, Any], route: Route) -> list[str]:
    parameters = operation.get("parameters", [])
    has_input = bool(parameters) or "requestBody" in operation
    codes = {"422"} if has_input else set()
    if "requestBody" in operation:
        codes.add("415")
    if route.auth == "staff":
        codes |= {"401", "403"}
    if any(p["in"] == "header" and p["name"].lower() == "x-access-token" for p in parameters):
        codes.add("403")
    if any(p["in"] == "path" for p in parameters):
        codes.add("404")
    if route.method.lower() in WRITES:
        codes.add("409")
    return sorted(codes)


def _add_errors(operation: dict[str, Any], route: Route) -> None:
    responses = operation.setdefault("responses", {})
    responses.pop("422", None)  # Powertools adds its own to every route, even those without input
    for code in _error_answers(operation, route):
        responses[code] = {
            "description": ERROR_ANSWERS[code],
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ERROR}"}}},
        }


def _refs(value: Any) -> set[str]:
    if isinstance(value, dict):
        found = {value["$ref"].rsplit("/", 1)[1]} if isinstance(value.get("$ref"), str) else set()
        for item in value.values():
            found |= _refs(item)
        return found
    if isinstance(value, list):
        return set().union(*(_refs(item) for item in value)) if value else set()
    return set()


def _drop_unused(schemas: dict[str, Any], paths: dict[str, Any]) -> dict[str, Any]:
    used = _refs(paths)
    pending = list(used)
    while pending:
        for name in _refs(schemas.get(pending.pop(), {})) - used:
            used.add(name)
            pending.append(name)
    gone = {name for name in POWERTOOLS_SCHEMAS if name not in used}
    return {name: schema for name, schema in schemas.items() if name not in gone}


def _merge_schemas(schemas: dict[str, Any], owners: dict[str, str], function: Function, found: Any) -> None:
    for name, definition in found.items():
        if name in schemas and schemas[name] != definition:
            raise ValueError(
                f"schema {name!r} differs in {owners.get(name, 'the error shape')} and {function.name}"
            )
        schemas[name] = definition
        owners.setdefault(name, function.name)


def _merge_paths(paths: dict[str, dict[str, Any]], function: Function, found: dict[str, Any]) -> None:
    routes = {route_key(r.method, r.path): r for r in function.routes}
    for path, item in found.items():
        for method in METHODS:
            if method not in item:
                continue
            route = routes.get(route_key(method, path))
            if route is None:
                raise ValueError(f"{function.name}: {method.upper()} {path} is not in the topology")
            if method in paths.get(path, {}):
                raise ValueError(f"{method.upper()} {path} is served by two functions")
            operation = item[method]
            operation["tags"] = [function.name]
            if route.auth == "staff":
                operation["security"] = [{BEARER: []}]
            _add_errors(operation, route)
            paths.setdefault(path, {})[method] = operation


def _check_operation_ids(paths: dict[str, dict[str, Any]]) -> None:
    ids = [operation["operationId"] for item in paths.values() for operation in item.values()]
    if len(ids) != len(set(ids)):
        raise ValueError("operationIds are not unique")


def build_document(topology: Topology = TOPOLOGY) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    schemas: dict[str, Any] = _error_schemas()
    owners: dict[str, str] = {}
    versions: set[str] = set()
    for function in api_functions(topology):
        found = _function_schema(function)
        versions.add(found["openapi"])
        _merge_schemas(schemas, owners, function, found.get("components", {}).get("schemas", {}))
        _merge_paths(paths, function, found.get("paths", {}))
    _check_operation_ids(paths)
    if len(versions) != 1:
        raise ValueError(f"the resolvers disagree on the OpenAPI version: {sorted(versions)}")
    return {
        "openapi": versions.pop(),
        "info": {"title": TITLE, "version": VERSION, "description": DESCRIPTION},
        # The intake function puts its own public address here when it serves the document.
        "servers": [{"url": "/"}],
        "tags": [{"name": f.name, "description": f.description} for f in api_functions(topology)],
        "paths": paths,
        "components": {
            "schemas": _drop_unused(schemas, paths),
            "securitySchemes": {
                BEARER: {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "JWT",
                    "description": "The ID token of a staff member signed in to the Cognito user pool",
                }
            },
        },
    }


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def generate(topology: Topology = TOPOLOGY) -> str:
    return render(build_document(topology))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write (or check) the merged OpenAPI document")
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed document is stale")
    args = parser.parse_args(argv)
    text = generate()
    if args.check:
        current = DOCUMENT.read_text(encoding="utf-8") if DOCUMENT.exists() else ""
        if current != text:
            print(f"{DOCUMENT.name} is stale: run `python -m infra.openapi`", file=sys.stderr)
            return 1
        return 0
    DOCUMENT.write_text(text, encoding="utf-8")
    print(f"wrote {DOCUMENT.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
