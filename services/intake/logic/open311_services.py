"""GET services and GET services/{service_code}: categories as services, their fields as attributes."""

from __future__ import annotations

from typing import Any

from services.intake.logic.open311_errors import not_found
from shared.models import Category, CategoryField, FieldType
from shared.ports import DirectoryReader

LISTS = {FieldType.SINGLEVALUELIST, FieldType.MULTIVALUELIST}


def service(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name_vi,
        "description": category.name_en,
        "metadata": bool(category.fields),
        "type": "realtime",
        "keywords": category.code.replace("_", " "),
        "group": "",
    }


def list_services(directory: DirectoryReader) -> list[dict[str, Any]]:
    return [service(c) for c in sorted(directory.categories(), key=lambda c: c.code)]


def attribute(field: CategoryField, order: int) -> dict[str, Any]:
    return {
        "variable": True,
        "code": field.code,
        "datatype": field.datatype.value,
        "required": field.required,
        "datatype_description": field.name_en,
        "order": order,
        "description": field.name_vi,
        "values": [{"key": c.key, "name": c.name_vi} for c in field.choices]
        if field.datatype in LISTS
        else [],
    }


def service_definition(code: str, directory: DirectoryReader) -> dict[str, Any]:
    category = directory.category(code) if code else None
    if category is None:
        raise not_found(f"service_code {code[:40]} not found")
    return {
        "service_code": category.code,
        "attributes": [attribute(field, n) for n, field in enumerate(category.fields, start=1)],
    }
