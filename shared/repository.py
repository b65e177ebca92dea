"""Reports in DynamoDB: one partition per report.

    pk = report id   sk = META                 the report itself (conditional on `version`)
    pk = report id   sk = EVENT#<time>#<id>    one timeline item per event

The timeline item is also the transactional outbox: it is written in the same transaction as the change,
and the table's DynamoDB stream carries it to EventBridge Pipes, which puts its event on the bus
(infra/topology.py REPORT_OUTBOX, shared/outbox_stream.py). So a commit is one call by our code; a report
saved is announced at least once, with the event's own id, which every consumer deduplicates on.
`publish` remains for an operator's re-publish of a report's events (infra/ops/outbox.py).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import pygeohash
from aws_lambda_powertools import Logger
from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import BotoCoreError, ClientError

from shared.aws import client, table
from shared.clock_due import next_check
from shared.config import get_settings
from shared.cursor_key import cursor_key
from shared.errors import Conflict, JointRefused, PublishError
from shared.events import ReportEvent
from shared.ids import new_report_id
from shared.items import marshal, to_item
from shared.models import Report, Status
from shared.page_cursor import bad_cursor, query_scope, seal, unseal
from shared.ports import JointWrites
from shared.stats_change import stamped
from shared.status import is_open

logger = Logger(child=True)

META = "META"
ID_ATTEMPTS = 5
SHARDS = 4  # spreads the sparse due index over a few partitions


def shard(prefix: str, report_id: str) -> str:
    return f"{prefix}#{zlib.crc32(report_id.encode()) % SHARDS}"


def all_shards(prefix: str) -> list[str]:
    return [f"{prefix}#{n}" for n in range(SHARDS)]


def _iso(value: datetime) -> str:
    return value.isoformat(timespec="milliseconds")


def report_item(report: Report) -> dict[str, Any]:
    item = to_item(report.model_dump(mode="json"))
    item.update(pk=report.id, sk=META, created_at=_iso(report.created_at))
    item["feed_month"] = report.created_at.strftime("%Y-%m")
    if report.agency_id:
        item["agency_status"] = f"{report.agency_id}#{report.status.value}"
    # Sparse `due` index: only open, unpaused reports for which the sweep has something left to do, keyed
    # by the instant it is owed (a warning, a breach or an escalation: services/sla/logic/clocks.py).
    if report.sla_next_at and is_open(report.status) and report.paused_at is None:
        item["due_shard"] = shard("DUE", report.id)
        item["due_at"] = _iso(report.sla_next_at)
    item.update(routing_keys(report))
    return {k: v for k, v in item.items() if v is not None}


# Cells of ~1.2 km × 0.6 km: the ~200 m square around a duplicate hint's point touches at most 4 of them and
# most often one, so the hint reads one or two index partitions instead of the 9 of ~150 m cells.
GEOHASH_PRECISION = 6


def status_key(status: Status) -> str:
    return f"STATUS#{status.value}"


def geo_cell(category: str, geohash: str) -> str:
    return f"{category}#{geohash}"


def routing_keys(report: Report) -> dict[str, Any]:
    """`by_status` serves the operators' lists; sparse `nearby` holds only open, categorised reports."""
    keys: dict[str, Any] = {"status_key": status_key(report.status)}
    lat, lon = report.location.lat, report.location.lon
    if report.category and is_open(report.status) and lat is not None and lon is not None:
        cell = pygeohash.encode(lat, lon, GEOHASH_PRECISION)
        keys["geo_cell"] = geo_cell(report.category, cell)
    return keys


def timeline_item(event: ReportEvent, status: Status) -> dict[str, Any]:
    at = _iso(event.occurred_at)
    return {
        "pk": event.report_id,
        "sk": f"EVENT#{at}#{event.event_id}",
        "type": event.type.value,
        "actor": event.actor,
        "status": status.value,
        "at": at,
        "event": event.model_dump_json(),  # the detail the outbox pipe puts on the bus, as is
    }


def _event_key(event: ReportEvent) -> dict[str, str]:
    return {"pk": event.report_id, "sk": f"EVENT#{_iso(event.occurred_at)}#{event.event_id}"}


def _from_item(item: dict[str, Any]) -> Report:
    return Report.model_validate(item)


class ReportRepository:
    """The small interface the services use; nothing outside this class knows the item layout."""

    def __init__(self, table_name: str | None = None) -> None:
        self.table_name = table_name or get_settings().reports_table

    @property
    def _table(self) -> Any:
        return table(self.table_name)

    def get(self, report_id: str) -> Report | None:
        item = self._table.get_item(Key={"pk": report_id, "sk": META}, ConsistentRead=True).get("Item")
        return _from_item(item) if item else None

    def create(self, report: Report, event: ReportEvent, joint: JointWrites | None = None) -> None:
        """Stores a new report with its event (the outbox pipe publishes it), and `joint`'s writes in the
        same transaction. Raises Conflict when the id is taken, JointRefused when a joint write is."""
        joint_items = joint.transact_items(report.id) if joint else []
        self._write(report, [event], condition="attribute_not_exists(pk)", values={}, joint=joint_items)

    def create_new(
        self, build: Callable[[str], tuple[Report, ReportEvent]], joint: JointWrites | None = None
    ) -> tuple[Report, ReportEvent]:
        """Stores a new report under a freshly drawn tracking code, drawing again if the code is taken;
        its event reaches the bus through the outbox pipe. A refused joint write is no taken code: it
        raises JointRefused at once."""
        for _ in range(ID_ATTEMPTS):
            report, event = build(new_report_id())
            try:
                self.create(report, event, joint)
            except Conflict:
                continue  # 40 random bits: a collision is rare, but guarded, not assumed away
            return report, event
        raise RuntimeError("could not draw a free tracking code")

    def commit(
        self,
        report: Report,
        expected_version: int,
        events: Sequence[ReportEvent] = (),
        expected_sla_rev: int | None = None,
    ) -> None:
        """The one way to change a report: `report` (whose version the caller has bumped when people act
        on it) and its events in one transaction; the outbox pipe puts the events on the bus.

        Conditional on both revisions as read: `version` (what people act on) and `sla_rev` (the SLA
        service's bookkeeping), so no writer ever overwrites the other's change. The SLA service passes
        `expected_sla_rev` (it bumps sla_rev, never version); everyone else keeps the sla_rev they read.
        Raises Conflict when either changed since.
        """
        sla_rev = report.sla_rev if expected_sla_rev is None else expected_sla_rev
        self._write(
            report,
            list(events),
            condition="version = :expected AND sla_rev = :sla_rev",
            values={":expected": {"N": str(expected_version)}, ":sla_rev": {"N": str(sla_rev)}},
        )

    def _write(
        self,
        report: Report,
        events: list[ReportEvent],
        condition: str,
        values: dict[str, Any],
        joint: Sequence[dict[str, Any]] = (),
    ) -> None:
        report.sla_next_at = next_check(report)  # the status stops clocks: the sweep's index follows it
        stored = stamped(report, events)  # the statistics' basis, on the report and on each event
        put_report: dict[str, Any] = {
            "TableName": self.table_name,
            "Item": marshal(report_item(stored)),
            "ConditionExpression": condition,
        }
        if values:
            put_report["ExpressionAttributeValues"] = values
        items: list[dict[str, Any]] = [{"Put": put_report}]
        items += [
            {"Put": {"TableName": self.table_name, "Item": marshal(timeline_item(e, report.status))}}
            for e in events
        ]
        items += joint
        try:
            client("dynamodb").transact_write_items(TransactItems=items)
        except (ClientError, BotoCoreError) as error:
            if self._landed(events):
                report.stats_basis = stored.stats_basis
                return  # the answer was lost, not the write (a timeout after it, or its retry refused)
            refusal = _refusal(error, first_joint=len(items) - len(joint))
            if refusal is None:
                raise
            raise refusal from error
        report.stats_basis = stored.stats_basis  # the caller holds the report as stored

    def _landed(self, events: list[ReportEvent]) -> bool:
        """Whether a transaction that answered an error was written all the same: its first event's
        timeline item exists (event ids are unique, and a transaction is all or nothing). Without events
        there is nothing to tell our write from another's: not landed, the caller retries or reloads."""
        if not events:
            return False
        try:
            found = self._table.get_item(
                Key=_event_key(events[0]), ConsistentRead=True, ProjectionExpression="pk"
            )
        except (ClientError, BotoCoreError):
            return False
        return "Item" in found

    def timeline(self, report_id: str) -> list[dict[str, Any]]:
        response = self._table.query(
            KeyConditionExpression=Key("pk").eq(report_id) & Key("sk").begins_with("EVENT#"),
            ProjectionExpression="#t, actor, #s, #a",
            ExpressionAttributeNames={"#t": "type", "#s": "status", "#a": "at"},
        )
        return list(response["Items"])

    def due_before(self, moment: datetime, limit: int = 100) -> list[Report]:
        """Open reports the SLA sweep owes something at `moment`, via the sparse `due` index (never a
        Scan): at most `limit` per shard, the most overdue first; the next sweep takes the rest."""
        found: list[Report] = []
        for due_shard in all_shards("DUE"):
            response = self._table.query(
                IndexName="due",
                KeyConditionExpression=Key("due_shard").eq(due_shard) & Key("due_at").lte(_iso(moment)),
                Limit=limit,
            )
            found.extend(_from_item(item) for item in response["Items"])
        return found

    def timeline_events(self, report_id: str) -> list[ReportEvent]:
        """The report's history with each event's data (staff view), oldest first."""
        response = self._table.query(
            KeyConditionExpression=Key("pk").eq(report_id) & Key("sk").begins_with("EVENT#"),
            ProjectionExpression="#e",
            ExpressionAttributeNames={"#e": "event"},
        )
        return [ReportEvent.model_validate_json(item["event"]) for item in response["Items"]]

    def page(
        self, index: str, key: str, value: str, limit: int, cursor: str | None
    ) -> tuple[list[Report], str | None]:
        """One page of an index partition, newest first; the cursor is signed and bound to the partition."""
        scope = query_scope("page", {"index": index, "key": key, "value": value})
        kwargs: dict[str, Any] = {
            "IndexName": index,
            "KeyConditionExpression": Key(key).eq(value),
            "ScanIndexForward": False,
            "Limit": limit,
        }
        if cursor:
            kwargs["ExclusiveStartKey"] = _decode_cursor(cursor, scope)
        response = self._table.query(**kwargs)
        last = response.get("LastEvaluatedKey")
        return [_from_item(i) for i in response["Items"]], _encode_cursor(last, scope) if last else None

    def nearby(self, cells: list[str], since: datetime) -> list[Report]:
        """Open reports in these geo cells (see `geo_cell`) created since `since`, via the sparse index."""
        found: list[Report] = []
        for cell in cells:
            response = self._table.query(
                IndexName="nearby",
                KeyConditionExpression=Key("geo_cell").eq(cell) & Key("created_at").gte(_iso(since)),
                FilterExpression=Attr("duplicate_of").not_exists(),
                Limit=100,
            )
            found.extend(_from_item(item) for item in response["Items"])
        return found


def _refusal(error: ClientError | BotoCoreError, first_joint: int) -> Exception | None:
    """What a refused transaction tells its writer: a joint write's condition failed (JointRefused, with
    their positions), else the report's own (Conflict); None for any other error."""
    if (
        not isinstance(error, ClientError)
        or error.response["Error"]["Code"] != "TransactionCanceledException"
    ):
        return None
    reasons = error.response.get("CancellationReasons", [])
    refused = [
        at - first_joint
        for at, reason in enumerate(reasons)
        if at >= first_joint and reason.get("Code") == "ConditionalCheckFailed"
    ]
    if refused:
        return JointRefused(refused)
    return Conflict(
        "Phản ánh vừa được người khác cập nhật, vui lòng tải lại.",
        "The report was changed by someone else; reload it and try again.",
    )


def _encode_cursor(key: dict[str, Any], scope: str) -> str:
    return seal({k: str(v) for k, v in key.items()}, scope, cursor_key())


def _decode_cursor(cursor: str, scope: str) -> dict[str, Any]:
    key = unseal(cursor, scope, cursor_key())
    if not key or not all(isinstance(v, str) for v in key.values()):
        raise bad_cursor()
    return key


# An operator's re-publish (the pipe publishes every commit); a refusal of any entry fails loudly.
MAX_ENTRIES_PER_CALL = 10  # PutEvents limit


def publish(events: Sequence[ReportEvent]) -> None:
    bus = get_settings().event_bus_name
    for start in range(0, len(events), MAX_ENTRIES_PER_CALL):
        chunk = events[start : start + MAX_ENTRIES_PER_CALL]
        response = client("events").put_events(
            Entries=[
                {
                    "EventBusName": bus,
                    "Source": event.source,
                    "DetailType": event.type.value,
                    "Detail": event.model_dump_json(),
                    "Time": event.occurred_at,
                }
                for event in chunk
            ]
        )
        failed = [
            (event.event_id, entry.get("ErrorCode"))
            for event, entry in zip(chunk, response["Entries"], strict=True)
            if entry.get("ErrorCode")
        ]
        if response.get("FailedEntryCount") or failed:
            raise PublishError(f"EventBridge refused {len(failed)} of {len(chunk)} events: {failed}")
        for event in chunk:
            logger.info(
                "event published",
                extra={
                    "event_type": event.type.value,
                    "event_id": event.event_id,
                    "report_id": event.report_id,
                },
            )
