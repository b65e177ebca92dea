"""Each service shows its three layers, and each layer keeps to its part.

- `handlers/`: Lambda entry points; parse, call one logic function, map errors. No AWS SDK, short.
- `logic/`: domain decisions; only pure `shared/` modules and the service's own logic and models.
- `dal/`: adapters (DynamoDB, S3, SES, SNS, Cognito, outbound HTTP, idempotency) behind Protocols.

Read from the source with `ast`, so a violation fails here whatever the import graph happens to load.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from infra.topology import TOPOLOGY

ROOT = Path(__file__).resolve().parents[2]
SERVICES = sorted({f.service for f in TOPOLOGY.functions})

# shared/ modules that hold no I/O: models, events, errors, rules and the Protocols logic is typed against.
PURE_SHARED = {
    "shared.addresses",
    "shared.assignment_clock",
    "shared.bounds",
    "shared.clock_due",
    "shared.errors",
    "shared.header_value",
    "shared.events",
    "shared.ids",
    "shared.models",
    "shared.new_report",
    "shared.page_cursor",
    "shared.plain_text",
    "shared.ports",
    "shared.principal",
    "shared.sla_policy",
    "shared.ssrf_guard",
    "shared.stats_basis",
    "shared.stats_change",
    "shared.status",
    "shared.timezone",
    "shared.working_time",
}
SDKS = ("boto3", "botocore", "aws_lambda_powertools", "requests", "urllib3", "httpx", "socket", "os")
HANDLER_MODULE_MAX_LINES = 150
HANDLER_FUNCTION_MAX_LINES = 30


def _modules(service: str, layer: str) -> list[Path]:
    return sorted((ROOT / "services" / service / layer).rglob("*.py"))


def _imports(path: Path) -> Iterator[tuple[int, str]]:
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
            yield from ((node.lineno, f"{node.module}.{alias.name}") for alias in node.names)


def _top(name: str) -> str:
    return name.split(".")[0]


@pytest.mark.parametrize("service", SERVICES)
def test_the_three_layers_are_folders(service: str) -> None:
    for layer in ("handlers", "logic", "dal"):
        assert (ROOT / "services" / service / layer / "__init__.py").exists(), f"{service}/{layer}/ missing"


@pytest.mark.parametrize("service", SERVICES)
def test_logic_knows_nothing_of_aws_lambda_or_the_environment(service: str) -> None:
    own = (f"services.{service}.logic", f"services.{service}.models")
    wrong = []
    for path in _modules(service, "logic"):
        for line, name in _imports(path):
            if _top(name) in SDKS:
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
            elif (
                _top(name) == "shared"
                and name not in PURE_SHARED
                and name.rsplit(".", 1)[0] not in PURE_SHARED
            ):
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {name} (not a pure shared module)")
            elif _top(name) == "services" and not name.startswith(own):
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {name} (outside its logic and models)")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("service", SERVICES)
def test_handlers_only_parse_call_and_map(service: str) -> None:
    wrong = []
    for path in _modules(service, "handlers"):
        source = path.read_text()
        name = path.relative_to(ROOT)
        if len(source.splitlines()) > HANDLER_MODULE_MAX_LINES:
            wrong.append(f"{name} has {len(source.splitlines())} lines (at most {HANDLER_MODULE_MAX_LINES})")
        for line, module in _imports(path):
            if _top(module) in ("boto3", "botocore"):
                wrong.append(f"{name}:{line} imports {module}: AWS calls belong in dal/")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > HANDLER_FUNCTION_MAX_LINES:
                    wrong.append(f"{name}:{node.lineno} {node.name} is {length} lines: a rule hides in it")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("service", SERVICES)
def test_dal_never_reaches_up_into_handlers(service: str) -> None:
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in _modules(service, "dal")
        for line, name in _imports(path)
        if name.startswith(f"services.{service}.handlers")
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("service", SERVICES)
def test_no_two_modules_of_a_service_share_a_name(service: str) -> None:
    seen: dict[str, Path] = {}
    clashes = []
    for path in sorted((ROOT / "services" / service).rglob("*.py")):
        if path.name == "__init__.py":
            continue
        if path.stem in seen:
            clashes.append(f"{seen[path.stem].relative_to(ROOT)} and {path.relative_to(ROOT)}")
        seen[path.stem] = path
    assert not clashes, "\n".join(clashes)


def test_services_import_only_shared_and_themselves() -> None:
    wrong = []
    for service in SERVICES:
        for path in sorted((ROOT / "services" / service).rglob("*.py")):
            for line, name in _imports(path):
                if name.startswith("services.") and not name.startswith(f"services.{service}"):
                    wrong.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    assert not wrong, "\n".join(wrong)


def test_topology_handlers_are_in_handlers_folders() -> None:
    wrong = [
        f"{f.name}: {f.handler}"
        for f in TOPOLOGY.functions
        if not f.handler.startswith(f"services.{f.service}.handlers.")
    ]
    assert not wrong, "\n".join(wrong)
