"""Keeps the emulator the same size from one timed sample to the next.

moto's TransactWriteItems deep-copies its tables to roll back on failure, so its time grows with every
report stored; left alone, later samples would be slower than earlier ones whichever path they timed.
Between samples (untimed, uncounted) the reports written are deleted, the queues the bus fed are drained,
and a garbage collection runs, so a collection of the emulator's garbage does not land in one sample.
"""

from __future__ import annotations

import gc

from bench.aws_calls import ApiCalls
from bench.emulator import Emulator
from infra.topology import TOPOLOGY

BATCH = 25  # BatchWriteItem limit


class Steady:
    def __init__(self, emulator: Emulator, calls: ApiCalls) -> None:
        self.calls = calls
        self.ddb = emulator.session.client("dynamodb")
        self.sqs = emulator.session.client("sqs")
        self.table = emulator.resources.env[TOPOLOGY.table("reports").env]
        self.queues = list(emulator.resources.queue_urls.values())

    def __call__(self) -> None:
        with self.calls.paused():
            keys = [
                item
                for page in self.ddb.get_paginator("scan").paginate(
                    TableName=self.table, ProjectionExpression="pk, sk"
                )
                for item in page["Items"]
            ]
            for start in range(0, len(keys), BATCH):
                self.ddb.batch_write_item(
                    RequestItems={
                        self.table: [{"DeleteRequest": {"Key": k}} for k in keys[start : start + BATCH]]
                    }
                )
            for url in self.queues:
                self._drain(url)
        gc.collect()

    def _drain(self, url: str) -> None:
        # Not PurgeQueue: SQS (and moto) allow one purge per queue per minute.
        while messages := self.sqs.receive_message(
            QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0
        ).get("Messages", []):
            self.sqs.delete_message_batch(
                QueueUrl=url,
                Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)],
            )
