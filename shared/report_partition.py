"""A report's partition read in one Query: the report item, its timeline and its photos' results together.

    pk = report id   sk = EVENT#<time>#<id>   the timeline (shared/repository.py)
    pk = report id   sk = META                the report
    pk = report id   sk = PHOTO#<upload id>   what the photo worker found (shared/photo_results.py)

The sort keys sort in that order, so `sk >= META` leaves the timeline out. One consistent Query instead of
a consistent GetItem of the report plus a Query of each kind of item beside it: the staff view was three
calls, the photo worker two. Consistent, as the GetItem was, so staff see their own action right after it.
"""

from __future__ import annotations

from typing import Any

from boto3.dynamodb.conditions import Key

from shared.aws import table
from shared.config import get_settings
from shared.events import ReportEvent
from shared.models import PhotoResult, Report
from shared.photo_results import PREFIX as PHOTO_PREFIX
from shared.ports import ReportFile
from shared.repository import META

EVENT_PREFIX = "EVENT#"
# A Query answers at most 1 MB; a report item is at most 400 KB and an event a few KB, so one page is
# the rule. The bound keeps a runaway partition from making one request read without end.
MAX_PAGES = 10


class ReportPartition:
    def __init__(self, table_name: str | None = None) -> None:
        self.table_name = table_name or get_settings().reports_table

    def whole(self, report_id: str) -> ReportFile | None:
        return self._read(Key("pk").eq(report_id))

    def with_photos(self, report_id: str) -> ReportFile | None:
        return self._read(Key("pk").eq(report_id) & Key("sk").gte(META))

    def _read(self, condition: Any) -> ReportFile | None:
        query: dict[str, Any] = {"KeyConditionExpression": condition, "ConsistentRead": True}
        items: list[dict[str, Any]] = []
        for _ in range(MAX_PAGES):
            page = table(self.table_name).query(**query)
            items += page["Items"]
            if "LastEvaluatedKey" not in page:
                break
            query["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        return _file(items)


def _file(items: list[dict[str, Any]]) -> ReportFile | None:
    """Items in sort-key order (so events come oldest first); None without the report item."""
    report = next((Report.model_validate(i) for i in items if i["sk"] == META), None)
    if report is None:
        return None
    events = [ReportEvent.model_validate_json(i["event"]) for i in items if _is(i, EVENT_PREFIX, "event")]
    photos = (PhotoResult.model_validate(i) for i in items if _is(i, PHOTO_PREFIX, "upload_id"))
    return ReportFile(report=report, events=events, photos={p.upload_id: p for p in photos})


def _is(item: dict[str, Any], prefix: str, needed: str) -> bool:
    return str(item["sk"]).startswith(prefix) and needed in item
