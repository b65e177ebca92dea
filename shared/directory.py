"""The directory: categories, agencies and routing rules (category × area → agency).

    pk = CATEGORY       sk = <code>
    pk = AGENCY         sk = <agency id>
    pk = RULE#<cat>     sk = AREA#<area code> | AREA#*   (the province-wide fallback)

Reads are cached per process for a short time: routing a report must not reload the directory.
"""

from __future__ import annotations

import json
import time
from typing import Any

from boto3.dynamodb.conditions import Key

from shared.aws import table
from shared.config import get_settings
from shared.items import to_item
from shared.models import Agency, Area, Category, ProvinceSettings, RoutingRule

# How long a warm container trusts what it read of the directory: at most one read per entry a minute.
# Safe because the directory changes by an admin's hand and a minute is within what such a change may
# take to reach everyone: an agency's new address gets its mail from at most a minute after the change
# (messages already sent went to the old one either way), a new routing rule routes the reports filed from
# then. Nothing here is a guarantee that must hold to the second (no secret, no permission).
CACHE_SECONDS = 60.0
ANY_AREA = "*"


class DirectoryRepository:
    def __init__(self, table_name: str | None = None) -> None:
        self.table_name = table_name or get_settings().directory_table
        self._cache: dict[tuple[str, str], tuple[float, dict[str, Any] | None]] = {}

    def _get(self, pk: str, sk: str) -> dict[str, Any] | None:
        now = time.monotonic()
        hit = self._cache.get((pk, sk))
        if hit and now - hit[0] < CACHE_SECONDS:
            return hit[1]
        item = table(self.table_name).get_item(Key={"pk": pk, "sk": sk}).get("Item")
        self._cache[(pk, sk)] = (now, item)
        return item

    def clear_cache(self) -> None:
        self._cache.clear()

    def category(self, code: str) -> Category | None:
        item = self._get("CATEGORY", code)
        return Category.model_validate(item) if item else None

    def categories(self) -> list[Category]:
        items = table(self.table_name).query(KeyConditionExpression=Key("pk").eq("CATEGORY"))["Items"]
        return [Category.model_validate(item) for item in items]

    def agency(self, agency_id: str) -> Agency | None:
        item = self._get("AGENCY", agency_id)
        return Agency.model_validate(item) if item else None

    def agency_for(self, category: str, area_code: str | None) -> str | None:
        """The agency id for a category in an area, falling back to the province-wide rule."""
        for area in (area_code, ANY_AREA):
            if area is None:
                continue
            rule = self._get(f"RULE#{category}", f"AREA#{area}")
            if rule:
                return str(rule["agency_id"])
        return None

    def put_category(self, category: Category) -> None:
        # Decimal, not float: DynamoDB refuses floats (a category's deadlines may be fractional hours).
        data = to_item(category.model_dump(mode="json"))
        table(self.table_name).put_item(Item={"pk": "CATEGORY", "sk": category.code, **data})
        self._cache.pop(("CATEGORY", category.code), None)

    def put_agency(self, agency: Agency) -> None:
        table(self.table_name).put_item(Item={"pk": "AGENCY", "sk": agency.id, **agency.model_dump()})
        self._cache.pop(("AGENCY", agency.id), None)

    def put_rule(self, category: str, agency_id: str, area_code: str = ANY_AREA) -> None:
        table(self.table_name).put_item(
            Item={"pk": f"RULE#{category}", "sk": f"AREA#{area_code}", "agency_id": agency_id}
        )

    # Agencies, areas, rule listing and the province's settings (the admin API and the routing worker).

    def agencies(self) -> list[Agency]:
        items = table(self.table_name).query(KeyConditionExpression=Key("pk").eq("AGENCY"))["Items"]
        return [Agency.model_validate(item) for item in items]

    def areas(self) -> list[Area]:
        # Outlines are large: a province's may pass the 1 MB a Query answers at once, so read every page.
        items: list[dict[str, Any]] = []
        query: dict[str, Any] = {"KeyConditionExpression": Key("pk").eq("AREA")}
        while True:
            page = table(self.table_name).query(**query)
            items += page["Items"]
            if "LastEvaluatedKey" not in page:
                return [_area(item) for item in items]
            query["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def area(self, code: str) -> Area | None:
        item = self._get("AREA", code)
        return _area(item) if item else None

    def put_area(self, area: Area) -> None:
        # Stored as JSON text: DynamoDB would want Decimals for every coordinate.
        item = {"pk": "AREA", "sk": area.code, **area.model_dump(exclude={"geometry"})}
        table(self.table_name).put_item(Item={**item, "geometry_json": json.dumps(area.geometry)})
        self._cache.pop(("AREA", area.code), None)

    def rules(self, categories: list[str]) -> list[RoutingRule]:
        """Every rule of these categories: one query per category (there is no Scan)."""
        found = []
        for code in categories:
            items = table(self.table_name).query(KeyConditionExpression=Key("pk").eq(f"RULE#{code}"))["Items"]
            found += [
                RoutingRule(
                    category=code, area_code=str(i["sk"]).removeprefix("AREA#"), agency_id=i["agency_id"]
                )
                for i in items
            ]
        return found

    def delete_rule(self, category: str, area_code: str) -> bool:
        response = table(self.table_name).delete_item(
            Key={"pk": f"RULE#{category}", "sk": f"AREA#{area_code}"}, ReturnValues="ALL_OLD"
        )
        self._cache.pop((f"RULE#{category}", f"AREA#{area_code}"), None)
        return "Attributes" in response

    def settings(self) -> ProvinceSettings:
        item = self._get("SETTINGS", "PROVINCE")
        return ProvinceSettings.model_validate(item or {})

    def put_settings(self, settings: ProvinceSettings) -> None:
        table(self.table_name).put_item(Item={"pk": "SETTINGS", "sk": "PROVINCE", **settings.model_dump()})
        self._cache.pop(("SETTINGS", "PROVINCE"), None)


def _area(item: dict[str, Any]) -> Area:
    return Area.model_validate({**item, "geometry": json.loads(item["geometry_json"])})
