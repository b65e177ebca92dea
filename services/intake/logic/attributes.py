"""Answers to a category's extra fields, checked against what the category asks (Open311 datatypes)."""

from __future__ import annotations

from datetime import datetime

from shared.bounds import DATE_RANGE, is_ascii_decimal, moment_in_bounds
from shared.errors import InvalidInput
from shared.models import Category, CategoryField, FieldType

TEXT_LIMIT = {FieldType.STRING: 300, FieldType.TEXT: 2000}


def _problem(field: CategoryField, value: str) -> str | None:
    keys = {choice.key for choice in field.choices}
    if field.datatype in TEXT_LIMIT:
        return "too long" if len(value) > TEXT_LIMIT[field.datatype] else None
    if field.datatype is FieldType.NUMBER:
        return None if is_ascii_decimal(value) else "not a number (digits 0-9, a sign, a decimal point)"
    if field.datatype is FieldType.DATETIME:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return "not an ISO 8601 date"
        return None if moment_in_bounds(moment) else f"must be {DATE_RANGE}"
    if field.datatype is FieldType.SINGLEVALUELIST:
        return None if value in keys else f"one of: {', '.join(sorted(keys))}"
    chosen = [part.strip() for part in value.split(",") if part.strip()]
    return (
        None if chosen and set(chosen) <= keys else f"comma-separated keys among: {', '.join(sorted(keys))}"
    )


def check_answers(category: Category | None, answers: dict[str, str]) -> dict[str, str]:
    """The answers, blank ones dropped; raises InvalidInput naming every field in trouble."""
    given = {code: value.strip() for code, value in answers.items() if value.strip()}
    fields = {field.code: field for field in (category.fields if category else [])}
    problems = {f"attributes.{code}": "not asked by this category" for code in given if code not in fields}
    for code, field in fields.items():
        if code not in given:
            if field.required:
                problems[f"attributes.{code}"] = "required"
            continue
        problem = _problem(field, given[code])
        if problem:
            problems[f"attributes.{code}"] = problem
    if problems:
        raise InvalidInput(
            "Thông tin bổ sung của lĩnh vực chưa đúng, vui lòng kiểm tra các trường được nêu.",
            "The category's extra fields are not valid; check the fields listed.",
            fields=problems,
        )
    return given
