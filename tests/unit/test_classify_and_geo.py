"""The text classifier (diacritics-insensitive, never a guess) and the area geometry."""

from __future__ import annotations

import pytest

from infra.seed import read_seed
from services.routing.dal.nearby_index import cells_around
from services.routing.dal.outline_index import OutlineIndex
from services.routing.logic.classify import classify, fold
from services.routing.logic.distance import distance_m
from services.routing.logic.geo import checked_geometry
from shared.errors import InvalidInput
from shared.repository import GEOHASH_PRECISION


def test_folding_ignores_case_diacritics_and_punctuation() -> None:
    assert fold("Mất ĐIỆN, cả khóm!") == " mat dien ca khom "
    assert fold("Đường") == fold("duong") == " duong "


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Mất điện từ sáng đến giờ chưa có lại", "dien"),
        ("mat dien tu sang den gio chua co lai", "dien"),  # typed without accents
        ("Đường đầy ổ gà, xe máy té liên tục", "giao_thong"),
        ("Bãi rác tự phát bốc mùi hôi thối", "ve_sinh_moi_truong"),
        ("Cán bộ bộ phận một cửa hẹn tới hẹn lui", "thu_tuc_hanh_chinh"),
    ],
)
def test_clear_texts_get_their_category(text: str, category: str) -> None:
    assert classify(text).category == category


@pytest.mark.parametrize(
    "text",
    [
        "Đề nghị cơ quan chức năng xem xét giúp",  # nothing to go on
        "Đường tối quá",  # a single weak hint
        "Cột điện nghiêng vì nhà bên cạnh xây lấn",  # two fields, equally strong
    ],
)
def test_unsure_texts_are_not_guessed(text: str) -> None:
    result = classify(text)
    assert result.category is None, result


def test_the_seed_areas_cover_ca_mau_city_and_find_the_ward_of_a_point() -> None:
    index = OutlineIndex(read_seed().areas)
    assert index.area_at(9.1769, 105.1524) == "phuong-an-xuyen"  # Trần Hưng Đạo, the README's example
    assert index.area_at(9.17, 105.19) == "phuong-tan-thanh"
    assert index.area_at(10.78, 106.70) is None  # Hồ Chí Minh City: not in the province


def test_seed_outlines_are_valid_and_do_not_overlap() -> None:
    from shapely.geometry import shape

    areas = read_seed().areas
    for area in areas:
        checked_geometry(area.geometry)
    geometries = [shape(area.geometry) for area in areas]
    for i, a in enumerate(geometries):
        for b in geometries[i + 1 :]:
            assert a.intersection(b).area < 1e-9


def test_a_self_crossing_outline_is_refused() -> None:
    bow_tie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    with pytest.raises(InvalidInput):
        checked_geometry(bow_tie)


# The second point lies by a cell corner: its circle spans four cells.
@pytest.mark.parametrize(("lat", "lon"), [(9.1769, 105.1524), (9.1739, 105.1504), (21.0285, 105.8542)])
def test_the_cells_around_a_point_hold_every_point_within_100_m(lat: float, lon: float) -> None:
    import math

    import pygeohash

    cells = set(cells_around(lat, lon))
    assert 1 <= len(cells) <= 4
    for step in range(72):  # every 5°, on the 100 m circle
        angle = math.radians(step * 5)
        dlat, dlon = 0.000899 * math.sin(angle), 0.000899 * math.cos(angle) / math.cos(math.radians(lat))
        assert distance_m(lat, lon, lat + dlat, lon + dlon) <= 100.5
        assert pygeohash.encode(lat + dlat, lon + dlon, GEOHASH_PRECISION) in cells
