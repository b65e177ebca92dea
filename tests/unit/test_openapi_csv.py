"""Operations that answer a CSV file declare `text/csv` in the API document, beside their JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DOCUMENT = json.loads((Path(__file__).parents[2] / "shared" / "openapi.json").read_text(encoding="utf-8"))


def _offers_csv(operation: dict[str, Any]) -> bool:
    for parameter in operation.get("parameters", []):
        schema = parameter.get("schema", {})
        choices = [schema.get("const"), *schema.get("enum", [])]
        choices += [
            c for option in schema.get("anyOf", []) for c in [option.get("const"), *option.get("enum", [])]
        ]
        if parameter.get("name") == "format" and "csv" in choices:
            return True
    return False


CSV_OPERATIONS = [
    (path, method, operation)
    for path, item in DOCUMENT["paths"].items()
    for method, operation in item.items()
    if isinstance(operation, dict) and _offers_csv(operation)
]


def test_the_statistics_csv_downloads_are_found() -> None:
    assert {(path, method) for path, method, _ in CSV_OPERATIONS} >= {
        ("/v1/stats", "get"),
        ("/v1/staff/stats", "get"),
    }


def test_every_csv_download_declares_text_csv_beside_its_json() -> None:
    for path, method, operation in CSV_OPERATIONS:
        content = operation["responses"]["200"]["content"]
        assert "text/csv" in content, (method, path)
        assert content["application/json"]["schema"].get("$ref"), (method, path)
