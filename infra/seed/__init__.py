"""The demo province's directory: a versioned seed file and its loader."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from shared.directory import ANY_AREA, DirectoryRepository
from shared.models import Agency, Area, Category

DEMO_PROVINCE = Path(__file__).with_name("demo_province.json")
DEMO_USERS = Path(__file__).with_name("demo_users.json")


class Rule(BaseModel):
    category: str
    agency_id: str
    area_code: str = ANY_AREA


class Seed(BaseModel):
    version: int
    province: dict[str, str]
    categories: list[Category]
    agencies: list[Agency]
    rules: list[Rule]
    # Communes/wards as GeoJSON polygons (the category × area rules refer to their codes)
    areas: list[Area] = []
    open311_api_key: str | None = None  # issued at load time, never kept in the seed file


class DemoUser(BaseModel):
    username: str
    password: str
    groups: list[str]


def read_demo_users(path: Path = DEMO_USERS) -> list[DemoUser]:
    return [DemoUser.model_validate(u) for u in json.loads(path.read_text(encoding="utf-8"))["users"]]


def read_seed(path: Path = DEMO_PROVINCE) -> Seed:
    return Seed.model_validate(json.loads(path.read_text(encoding="utf-8")))


def load_seed(directory: DirectoryRepository, path: Path = DEMO_PROVINCE) -> Seed:
    seed = read_seed(path)
    for category in seed.categories:
        directory.put_category(category)
    for agency in seed.agencies:
        directory.put_agency(agency)
    for rule in seed.rules:
        directory.put_rule(rule.category, rule.agency_id, rule.area_code)
    for area in seed.areas:
        directory.put_area(area)
    return seed
