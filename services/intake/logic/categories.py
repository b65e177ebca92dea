"""The categories a report may be filed under, with the extra fields each asks for."""

from __future__ import annotations

from services.intake.models import CategoryOut
from shared.ports import DirectoryReader


def list_categories(directory: DirectoryReader) -> list[CategoryOut]:
    categories = sorted(directory.categories(), key=lambda c: c.code)
    return [
        CategoryOut.model_validate(
            {
                "code": c.code,
                "name_vi": c.name_vi,
                "name_en": c.name_en,
                "fields": [
                    {**f.model_dump(), "choices": [ch.model_dump() for ch in f.choices]} for f in c.fields
                ],
            }
        )
        for c in categories
    ]
