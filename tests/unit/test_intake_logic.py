"""Intake logic without AWS: photo cleaning, text folding, access tokens, category fields, feed cursors."""

from __future__ import annotations

import base64
import contextlib
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from services.intake.dal.feed_index import months_back
from services.intake.logic.access import check_token, new_salt, new_token, token_from, token_hash
from services.intake.logic.attributes import check_answers
from services.intake.logic.clean_photo import BadPhoto, clean_photo
from services.intake.logic.feed_query import (
    FeedQuery,
    decode_cursor,
    encode_cursor,
    feed_scope,
    parse_bbox,
)
from services.intake.logic.ports import FeedPosition
from services.intake.logic.text_search import fold, matches_words
from shared.errors import Forbidden, InvalidInput
from shared.models import Category, CategoryField, FieldChoice, FieldType, Status
from shared.page_cursor import unseal
from tests.images import gif, has_gps, huge_png_header, jpeg_with_gps, png


def test_clean_copy_drops_exif_and_is_bounded() -> None:
    original = jpeg_with_gps((3000, 2000))
    clean = clean_photo(original)
    for data, side in ((clean.public, 1600), (clean.thumbnail, 320)):
        image = Image.open(io.BytesIO(data))
        assert image.format == "JPEG" and max(image.size) == side
        assert not has_gps(data) and not image.getexif()
    assert (clean.width, clean.height) == (3000, 2000)


def test_orientation_is_applied_before_exif_is_dropped() -> None:
    image = Image.new("RGB", (400, 200))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    assert Image.open(io.BytesIO(clean_photo(out.getvalue()).public)).size == (200, 400)


def test_webp_and_png_are_accepted() -> None:
    out = io.BytesIO()
    Image.new("RGB", (300, 300), (1, 2, 3)).save(out, format="WEBP")
    assert clean_photo(out.getvalue()).width == 300
    assert clean_photo(png()).width == 640


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "not_an_image"),
        (b"GIF89a", "not_an_image"),
        (gif(), "not_an_image"),
        (jpeg_with_gps((400, 300))[:1000], "not_an_image"),
        (huge_png_header(), "too_many_pixels"),
        (huge_png_header(7000, 6000), "too_many_pixels"),  # 42 MP: over our bound, under Pillow's
    ],
)
def test_bad_files_are_named(data: bytes, reason: str) -> None:
    with pytest.raises(BadPhoto) as caught:
        clean_photo(data)
    assert caught.value.reason == reason
    assert caught.value.message_vi and caught.value.message_en


@given(st.binary(max_size=2000))
def test_garbage_never_escapes_as_anything_but_bad_photo(data: bytes) -> None:
    with contextlib.suppress(BadPhoto):
        clean_photo(data)


@pytest.mark.parametrize(
    ("query", "text", "found"),
    [
        ("duong", "Đường Trần Hưng Đạo", True),
        ("ĐƯỜNG", "duong tran hung dao", True),
        ("o ga", "Ổ gà giữa đường", True),
        ("ga", "ngã ba", False),
        ("dien luc", "Công ty Điện lực", True),
        ("", "anything", True),
    ],
)
def test_text_search_ignores_diacritics_and_case(query: str, text: str, found: bool) -> None:
    assert matches_words(query, text) is found


def test_fold() -> None:
    assert fold("Phản ánh hiện trường Đắk Lắk") == "phan anh hien truong dak lak"


def test_token_derivation_is_stable_and_secret_dependent() -> None:
    salt = new_salt()
    assert token_from(salt, "key") == token_from(salt, "key")
    assert token_from(salt, "key") != token_from(new_salt(), "key")
    assert token_from(salt, "key") != token_from(salt, "key2")
    token = new_token()
    check_token(token, token_hash(token))
    for wrong in (None, "", token + "x"):
        with pytest.raises(Forbidden):
            check_token(wrong, token_hash(token))
    with pytest.raises(Forbidden):
        check_token(token, None)


CATEGORY = Category(
    code="c",
    name_vi="c",
    name_en="c",
    fields=[
        CategoryField(code="n", name_vi="n", name_en="n", datatype=FieldType.NUMBER),
        CategoryField(
            code="m",
            name_vi="m",
            name_en="m",
            datatype=FieldType.MULTIVALUELIST,
            choices=[FieldChoice(key=k, name_vi=k, name_en=k) for k in ("a", "b")],
        ),
        CategoryField(code="t", name_vi="t", name_en="t", datatype=FieldType.TEXT, required=True),
    ],
)


def test_category_answers() -> None:
    assert check_answers(CATEGORY, {"n": "3.5", "m": "a,b", "t": " x ", "blank": ""}) == {
        "n": "3.5",
        "m": "a,b",
        "t": "x",
    }
    with pytest.raises(InvalidInput) as caught:
        check_answers(CATEGORY, {"n": "three", "m": "a,z"})
    assert set(caught.value.fields) == {"attributes.n", "attributes.m", "attributes.t"}
    with pytest.raises(InvalidInput):
        check_answers(None, {"x": "y"})


KEY = b"k" * 32
SCOPE = feed_scope(FeedQuery(status=Status.RECEIVED))
POSITION = FeedPosition("2026-11", {"pk": "PA-1", "sk": "META", "feed_month": "2026-11", "created_at": "x"})


def _forged(payload: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def test_cursor_round_trip_and_garbage() -> None:
    assert decode_cursor(encode_cursor(POSITION, SCOPE, KEY), SCOPE, KEY) == POSITION
    start_of_month = FeedPosition("2026-10", None)
    assert decode_cursor(encode_cursor(start_of_month, SCOPE, KEY), SCOPE, KEY) == start_of_month
    unsigned = _forged({"m": "9999-99", "k": POSITION.key})
    for garbage in ("", "!!!", "e30", "eyJtIjoiMjAyNi0xMSIsImsiOnt9fQ", unsigned, unsigned + ".AAAA"):
        with pytest.raises(InvalidInput):
            decode_cursor(garbage, SCOPE, KEY)


def test_a_cursor_is_bound_to_its_filters_and_its_key() -> None:
    cursor = encode_cursor(POSITION, SCOPE, KEY)
    with pytest.raises(InvalidInput):
        decode_cursor(cursor, feed_scope(FeedQuery(status=Status.CLOSED)), KEY)
    with pytest.raises(InvalidInput):
        decode_cursor(cursor, feed_scope(FeedQuery()), KEY)
    with pytest.raises(InvalidInput):
        decode_cursor(cursor, SCOPE, b"another key")
    assert feed_scope(FeedQuery(status=Status.RECEIVED, limit=5, cursor="x")) == SCOPE


def test_a_tampered_cursor_is_refused() -> None:
    mac = encode_cursor(POSITION, SCOPE, KEY).partition(".")[2]
    tampered = _forged({"m": "9999-99", "k": POSITION.key})
    with pytest.raises(InvalidInput):
        decode_cursor(f"{tampered}.{mac}", SCOPE, KEY)


@given(st.text(max_size=200))
def test_any_cursor_text_is_a_cursor_or_a_422(text: str) -> None:
    with contextlib.suppress(InvalidInput):
        decode_cursor(text, SCOPE, KEY)
    with contextlib.suppress(InvalidInput):
        unseal(text, "staff", KEY)


def test_months_back_crosses_years() -> None:
    assert list(months_back("2026-02", "2025-11")) == ["2026-02", "2026-01", "2025-12", "2025-11"]


def test_bbox() -> None:
    assert parse_bbox("104.5,8.5,105.5,9.5") == (104.5, 8.5, 105.5, 9.5)
    for bad in ("1,2,3", "nan", "5,5,4,4", "200,0,201,1"):
        with pytest.raises(InvalidInput):
            parse_bbox(bad)
