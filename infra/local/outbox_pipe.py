"""The local run's EventBridge Pipes: a table's DynamoDB stream (moto's) to the local bus.

What a topology `StreamPipe` does in AWS, step for step: read the stream's records in batches, keep those
the pipe's filter passes (moto's own EventBridge pattern matcher), hand them to the same enrichment
handler the pipe's Lambda runs, and put each detail on the bus with the source, detail-type and time read
at the pipe's paths. At least once, as the pipe: a batch is taken past only once the bus accepted every
entry; a failure (the enrichment raising, PutEvents failing or refusing an entry) retries the whole batch
from the same records, `retry_attempts` times, then the batch's description goes to the pipe's
dead-letter queue and the stream moves on (Pipes sends the same: the shard and the sequence numbers).

The clients come from the runner's own session, not the handlers' default one, so FAULTS never touches
this: it is AWS's part, not our code's. Shards are those the stream has when the pipe starts (moto keeps
one per table).
"""

from __future__ import annotations

import importlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

import boto3
from moto.events.models import EventPattern

from infra.local.aws_emulator import MEMORY_LOCK
from infra.local.invoker import ACCOUNT
from infra.local.provision import Resources
from infra.topology import StreamPipe, Topology

if TYPE_CHECKING:
    from moto.events.utils import EventMessageType
    from mypy_boto3_events.type_defs import PutEventsRequestEntryTypeDef

Log = Callable[[str], None]
Enrichment = Callable[[list[dict[str, Any]], Any], list[dict[str, Any]]]
IDLE_S = 0.2  # between passes over an idle stream (Pipes polls a shard four times a second)
FIRST_RETRY_S = 0.05  # then doubled per attempt, as a backoff


def enrichment_of(pipe: StreamPipe) -> Enrichment:
    module, _, attribute = pipe.enrichment.rpartition(".")
    handler: Enrichment = getattr(importlib.import_module(module), attribute)
    return handler


def at_path(document: dict[str, Any], path: str) -> Any:
    """A pipe's dynamic path (`$.a.b`: the dotted form our pipes use) read from one detail."""
    value: Any = document
    for key in path.removeprefix("$.").split("."):
        value = value[key]
    return value


def as_delivered(record: dict[str, Any]) -> dict[str, Any]:
    """A stream record as JSON, as a pipe hands it on (boto3 parses the time into a datetime)."""
    stream = dict(record["dynamodb"])
    created = stream.get("ApproximateCreationDateTime")
    if isinstance(created, datetime):
        stream["ApproximateCreationDateTime"] = int(created.timestamp())
    return {**record, "dynamodb": stream}


class LocalPipe(threading.Thread):
    def __init__(
        self,
        session: boto3.Session,
        pipe: StreamPipe,
        table_name: str,
        bus_name: str,
        dlq_url: str,
        log: Log,
        starting_position: str = "LATEST",
    ) -> None:
        super().__init__(name=f"pipe-{pipe.name}", daemon=True)
        self.pipe, self.bus_name, self.dlq_url, self.log = pipe, bus_name, dlq_url, log
        self.streams = session.client("dynamodbstreams")
        self.events = session.client("events")
        self.sqs = session.client("sqs")
        self.pattern = EventPattern.load(pipe.filter_pattern)
        self.enrich = enrichment_of(pipe)
        self.table_name, self.region = table_name, session.region_name or "ap-southeast-1"
        self.stream_arn = session.client("dynamodb").describe_table(TableName=table_name)["Table"][
            "LatestStreamArn"
        ]
        self.passed: dict[str, str | None] = {}  # per shard, the last sequence number the pipe is past
        self.start_at(starting_position)
        self.stopping = threading.Event()

    def start_at(self, position: str) -> None:
        """Reads every shard from `position`: TRIM_HORIZON (the oldest record kept) or LATEST (from now:
        what the shard holds now is read and passed over, to pin the position)."""
        shards = self.streams.describe_stream(StreamArn=self.stream_arn)["StreamDescription"]["Shards"]
        self.passed = {shard["ShardId"]: None for shard in shards}
        if position == "LATEST":
            for shard_id in self.passed:
                for page in self._pages(shard_id):
                    self.passed[shard_id] = page[-1]["dynamodb"]["SequenceNumber"]

    def _iterator(self, shard_id: str) -> str:
        """A fresh iterator each pass: moto swaps a table's stream shard for a copy when it rolls a
        cancelled transaction back, and an iterator kept from before would read the old one forever."""
        after = self.passed[shard_id]
        where: dict[str, Any] = (
            {"ShardIteratorType": "AFTER_SEQUENCE_NUMBER", "SequenceNumber": after}
            if after
            else {"ShardIteratorType": "TRIM_HORIZON"}
        )
        return str(
            self.streams.get_shard_iterator(StreamArn=self.stream_arn, ShardId=shard_id, **where)[
                "ShardIterator"
            ]
        )

    def _pages(self, shard_id: str) -> Iterator[list[dict[str, Any]]]:
        """The shard's records past the pipe's position, a batch at a time, until there are none."""
        iterator: str | None = self._iterator(shard_id)
        while iterator is not None:
            page = self.streams.get_records(ShardIterator=iterator, Limit=self.pipe.batch_size)
            if not page["Records"]:
                return
            yield [as_delivered(r) for r in page["Records"]]
            iterator = page.get("NextShardIterator")

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                published = self.drain()
            except Exception as error:  # keep going: a broken emulator call must not stop the pipe
                self.log(f"[{self.pipe.name}] stream read failed: {error!r}")
                published = 0
            if not published:
                self.stopping.wait(IDLE_S)

    def drain(self) -> int:
        """One pass over every shard until it has nothing new; returns the events put on the bus."""
        published = 0
        for shard_id in list(self.passed):
            for records in self._pages(shard_id):
                published += self._deliver(shard_id, records)
                self.passed[shard_id] = records[-1]["dynamodb"]["SequenceNumber"]
                forget_passed(self.table_name, self.region, records[-1]["dynamodb"]["SequenceNumber"])
        return published

    def _deliver(self, shard_id: str, records: list[dict[str, Any]]) -> int:
        # moto types an event as its own bus events; a stream record is matched the same way, as Pipes does
        batch = [r for r in records if self.pattern.matches_event(cast("EventMessageType", r))]
        if not batch:
            return 0
        for attempt in range(self.pipe.retry_attempts + 1):
            try:
                return self._put(batch)
            except Exception as error:  # the pipe retries whatever failed: enrichment or target
                if attempt == self.pipe.retry_attempts:
                    self._dead_letter(shard_id, batch, error)
                    return 0
                self.stopping.wait(FIRST_RETRY_S * 2**attempt)
        return 0

    def _put(self, batch: list[dict[str, Any]]) -> int:
        details = self.enrich(batch, None)
        entries = [self._entry(detail) for detail in details]
        if not entries:
            return 0
        response = self.events.put_events(Entries=entries)
        if response.get("FailedEntryCount"):
            raise RuntimeError(f"the bus refused {response['FailedEntryCount']} of {len(entries)} events")
        return len(entries)

    def _entry(self, detail: dict[str, Any]) -> PutEventsRequestEntryTypeDef:
        return {
            "EventBusName": self.bus_name,
            "Source": at_path(detail, self.pipe.source_path),
            "DetailType": at_path(detail, self.pipe.detail_type_path),
            "Time": at_path(detail, self.pipe.time_path),
            "Detail": json.dumps(detail, ensure_ascii=False, separators=(",", ":")),
        }

    def _dead_letter(self, shard_id: str, batch: list[dict[str, Any]], error: Exception) -> None:
        numbers = [r["dynamodb"]["SequenceNumber"] for r in batch]
        info = {
            "shardId": shard_id,
            "startSequenceNumber": numbers[0],
            "endSequenceNumber": numbers[-1],
            "batchSize": len(batch),
            "reason": repr(error)[:500],
            "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        self.sqs.send_message(QueueUrl=self.dlq_url, MessageBody=json.dumps(info))
        self.log(f"[{self.pipe.name}] gave up on {len(batch)} record(s) after retries: {error!r}")

    def stop(self) -> None:
        self.stopping.set()


class PassedRecord:
    """What stays of a stream record the pipe is past: its sequence number (no image, so no filter
    passes it), for a reader that starts from the oldest record."""

    __slots__ = ("seq",)

    def __init__(self, seq: int) -> None:
        self.seq = seq

    def to_json(self) -> dict[str, Any]:
        return {"eventName": "PASSED", "dynamodb": {"SequenceNumber": str(self.seq)}}


def forget_passed(table_name: str, region: str, through: str) -> None:
    """Empties the records the pipe is past in the emulator's memory, when it runs in this process.

    AWS keeps stream records 24 hours; moto keeps them for ever, and deep-copies a table (its stream
    included) at the start of every TransactWriteItems to roll it back on a cancellation: unbounded, that
    copy grows with every write of the run. Each passed record is replaced in place by its sequence
    number alone (the list keeps its length, so the numbers moto gives new records stay right).
    """
    from moto.dynamodb.models import dynamodb_backends

    with MEMORY_LOCK:
        _replace_passed(dynamodb_backends[ACCOUNT][region].tables.get(table_name), through)


def _replace_passed(table: Any, through: str) -> None:
    shard = getattr(table, "stream_shard", None)
    if shard is None:
        return  # another process's emulator: nothing of ours to tidy
    start = shard.starting_sequence_number
    end = min(int(through) + 1 - start, len(shard.items))
    for index in range(max(end, 0) - 1, -1, -1):
        if isinstance(shard.items[index], PassedRecord):
            break  # emptied by an earlier pass
        shard.items[index] = PassedRecord(start + index)


def outbox_pipes(
    session: boto3.Session,
    topology: Topology,
    resources: Resources,
    log: Log,
    starting_position: str = "LATEST",
) -> list[LocalPipe]:
    """One local pipe per topology pipe (not started). LATEST: what the run writes from now on; the data
    written back from the last stop was announced in its own time."""
    return [
        LocalPipe(
            session,
            pipe,
            resources.env[topology.table(pipe.table).env],
            resources.env[topology.bus_env],
            resources.dlq_urls[pipe.name],
            log,
            starting_position,
        )
        for pipe in topology.pipes
    ]
