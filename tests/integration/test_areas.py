"""GET /v1/areas: the directory's communes and wards as GeoJSON, for the web map's base layer."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import boto3

from bench.aws_calls import Call
from infra.local.provision import Resources
from infra.topology import TOPOLOGY, Route
from shared.directory import DirectoryRepository
from shared.models import Area
from tests.support import REGION, api_call, api_raw


def test_the_areas_are_a_geojson_feature_collection_of_the_directory(aws: Resources) -> None:
    status, body = api_call("GET", "/v1/areas")
    assert status == 200, body
    assert body["type"] == "FeatureCollection"
    stored = {area.code: area for area in DirectoryRepository().areas()}
    assert len(stored) == 5
    codes = [feature["properties"]["code"] for feature in body["features"]]
    assert codes == sorted(stored)
    for feature in body["features"]:
        area = stored[feature["properties"]["code"]]
        assert feature["type"] == "Feature"
        assert feature["id"] == area.code
        assert feature["properties"] == {"code": area.code, "name": area.name, "kind": area.kind}
        assert feature["geometry"] == area.geometry


def test_the_names_are_vietnamese_and_the_answer_is_cacheable(aws: Resources) -> None:
    result = api_raw("GET", "/v1/areas")
    headers = {k: v[0] for k, v in result["multiValueHeaders"].items()}
    assert headers["Cache-Control"] == "public, max-age=300"
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    names = [f["properties"]["name"] for f in json.loads(result["body"])["features"]]
    assert "Phường An Xuyên" in names


def test_an_area_an_admin_adds_is_on_the_map(aws: Resources) -> None:
    square = {
        "type": "MultiPolygon",
        "coordinates": [[[[105.0, 9.0], [105.01, 9.0], [105.01, 9.01], [105.0, 9.01], [105.0, 9.0]]]],
    }
    DirectoryRepository().put_area(Area(code="xa-moi", name="Xã Mới", kind="commune", geometry=square))
    _, body = api_call("GET", "/v1/areas")
    [added] = [f for f in body["features"] if f["id"] == "xa-moi"]
    assert added["geometry"] == square
    assert added["properties"]["kind"] == "commune"


def test_every_page_of_the_areas_partition_is_read(aws: Resources, calls: Counter[Call]) -> None:
    # Outlines of a few hundred vertices each: a province's passes the 1 MB a Query answers at once.
    ring = [[105.0 + i * 1e-5, 9.0 + (i % 2) * 1e-5] for i in range(4_000)] + [[105.0, 9.0]]
    directory = DirectoryRepository()
    for n in range(16):  # 80 KB each
        geometry: dict[str, Any] = {"type": "Polygon", "coordinates": [ring]}
        directory.put_area(Area(code=f"xa-{n:02d}", name=f"Xã {n}", geometry=geometry))
    calls.clear()
    _, body = api_call("GET", "/v1/areas")
    assert len(body["features"]) == 5 + 16
    assert sum(n for c, n in calls.items() if c.operation == "query") > 1  # more than one page indeed


def test_the_areas_are_read_by_one_query_never_a_scan(aws: Resources, calls: Counter[Call]) -> None:
    calls.clear()
    status, _ = api_call("GET", "/v1/areas")
    assert status == 200
    dynamodb = Counter({c.operation: n for c, n in calls.items() if c.service == "dynamodb"})
    assert set(dynamodb) == {"query"}
    assert dynamodb["query"] == 1


def test_a_directory_without_areas_is_an_empty_collection(aws: Resources) -> None:
    table = boto3.resource("dynamodb", region_name=REGION).Table(aws.env["DIRECTORY_TABLE"])
    for area in DirectoryRepository().areas():
        table.delete_item(Key={"pk": "AREA", "sk": area.code})
    status, body = api_call("GET", "/v1/areas")
    assert (status, body) == (200, {"type": "FeatureCollection", "features": []})


def test_the_route_is_public_and_served_by_intake() -> None:
    assert Route("GET", "/v1/areas") in TOPOLOGY.function("intake-api").routes
