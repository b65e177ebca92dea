"""The public feed: newest first, filtered, with an opaque cursor. Reads the `feed` index only."""

from __future__ import annotations

import re
from datetime import datetime

from pydantic import BaseModel

from services.intake.logic.ports import (
    POSITION_KEYS,
    STATUS_POSITION,
    STATUS_POSITION_KEYS,
    FeedPosition,
    ReportFeed,
)
from services.intake.logic.public_visibility import is_publicly_visible
from services.intake.logic.text_search import matches_words
from services.intake.logic.track import public_answer, public_location
from services.intake.models import FeedItem, FeedPage
from shared.bounds import is_ascii_decimal
from shared.errors import InvalidInput
from shared.models import Report, Status
from shared.page_cursor import bad_cursor, query_scope, seal, unseal
from shared.timezone import VIETNAM

LOCAL_TZ = VIETNAM  # a date without an offset is a Vietnamese date
BBox = tuple[float, float, float, float]


class FeedQuery(BaseModel):
    status: Status | None = None
    category: str | None = None
    area: str | None = None
    since: datetime | None = None
    bbox: str | None = None
    q: str | None = None
    limit: int = 20
    cursor: str | None = None


def _invalid(field: str, problem: str) -> InvalidInput:
    return InvalidInput(
        "Tham số lọc không hợp lệ, vui lòng kiểm tra các trường được nêu.",
        "A filter is not valid; check the fields listed.",
        fields={field: problem},
    )


def parse_bbox(raw: str) -> BBox:
    """`min_lon,min_lat,max_lon,max_lat` (the GeoJSON order)."""
    parts = raw.split(",")
    if len(parts) != 4 or not all(is_ascii_decimal(part) for part in parts):
        raise _invalid("bbox", "four numbers: min_lon,min_lat,max_lon,max_lat")
    min_lon, min_lat, max_lon, max_lat = (float(part) for part in parts)
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise _invalid("bbox", "min must not exceed max; longitudes within ±180, latitudes within ±90")
    return min_lon, min_lat, max_lon, max_lat


def aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=LOCAL_TZ)


def feed_scope(query: FeedQuery) -> str:
    """What a feed cursor is bound to: every filter (a cursor from other filters is refused)."""
    filters = query.model_dump(exclude={"cursor", "limit"})
    return query_scope("feed", filters)


def encode_cursor(position: FeedPosition, scope: str, key: bytes) -> str:
    return seal({"m": position.month, "k": position.key}, scope, key)


def decode_cursor(cursor: str, scope: str, key: bytes) -> FeedPosition:
    data = unseal(cursor, scope, key)
    month, index_key = data.get("m"), data.get("k")
    if month == STATUS_POSITION:
        keys: tuple[str, ...] = STATUS_POSITION_KEYS
    elif isinstance(month, str) and re.fullmatch(r"\d{4}-\d{2}", month):
        keys = POSITION_KEYS
    else:
        raise bad_cursor()
    if index_key is not None and (not isinstance(index_key, dict) or set(index_key) != set(keys)):
        raise bad_cursor()
    return FeedPosition(month, index_key)


def in_bbox(report: Report, box: BBox) -> bool:
    lat, lon = report.location.lat, report.location.lon
    return lat is not None and lon is not None and box[0] <= lon <= box[2] and box[1] <= lat <= box[3]


def feed_item(report: Report) -> FeedItem:
    return FeedItem(
        id=report.id,
        created_at=report.created_at,
        updated_at=report.updated_at,
        status=report.status,
        channel=report.channel,
        category=report.category,
        description=report.description,
        location=public_location(report),
        agency_id=report.agency_id,
        answer_due_at=report.answer_due_at,
        answer=public_answer(report),
        photo_count=len(report.photos),
    )


def public_feed(query: FeedQuery, feed: ReportFeed, cursor_key: bytes) -> FeedPage:
    """One page of the feed. It may hold fewer than `limit` items with a `next_cursor` when the filters
    matched little of what one request may read: the client goes on with the cursor."""
    box = parse_bbox(query.bbox) if query.bbox else None
    scope = feed_scope(query)
    after = decode_cursor(query.cursor, scope, cursor_key) if query.cursor else None

    def accept(report: Report) -> bool:
        return (
            is_publicly_visible(report)
            and (query.status is None or report.status is query.status)
            and (query.category is None or report.category == query.category)
            and (query.area is None or report.location.area_code == query.area)
            and (box is None or in_bbox(report, box))
            and (not query.q or matches_words(query.q, report.description, report.location.address))
        )

    since = aware(query.since) if query.since else None
    reports, position = feed.newest(accept, query.limit, since=since, after=after, status=query.status)
    return FeedPage(
        items=[feed_item(r) for r in reports],
        next_cursor=encode_cursor(position, scope, cursor_key) if position else None,
    )
