"""The local run keeps its data: on stop, every table, photo, queued message, staff account and sent
message is written under `<PHANANH_LOCAL_DIR>/snapshot/`; on the next start it is put back (`FRESH=1`
starts from the demo province instead).

Through the AWS APIs (DynamoDB Scan → BatchWriteItem, S3 objects, SQS messages) because moto's own
`/moto-api/` offers no export of its state (only a recorder of requests, which would replay them with
new ids and times); staff accounts and the inbox through the emulator's memory (`snapshot_accounts.py`),
since no API returns a password.
"""

from __future__ import annotations

import base64
import json
import shutil
import time
from collections import Counter
from pathlib import Path
from typing import Any

import boto3

from infra.local import snapshot_accounts
from infra.local.provision import Resources
from infra.topology import TOPOLOGY, Topology

# 2: reports carry the statistics basis their next event is counted from (a report kept without it would
# be counted twice), and the reports table has a stream for the outbox.
FORMAT = 2
SQS_DRAIN_S = 5  # a message a worker failed just before the stop is visible again after 3 s


def _encode(value: Any) -> Any:
    """DynamoDB's typed JSON, with binary values as base64 text."""
    if isinstance(value, bytes | bytearray):
        return {"__b64__": base64.b64encode(bytes(value)).decode()}
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"__b64__"}:
            return base64.b64decode(value["__b64__"])
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def _scan(ddb: Any, table: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for page in ddb.get_paginator("scan").paginate(TableName=table, ConsistentRead=True):
        items.extend(page["Items"])
    return items


def _notable(table: str, items: list[dict[str, Any]]) -> Counter[str]:
    """The counts a person recognises: reports (not their timeline items), delivery records."""
    if table == "reports":
        return Counter(reports=sum(1 for item in items if item.get("sk", {}).get("S") == "META"))
    if table == "deliveries":
        return Counter(deliveries=len(items))
    return Counter({f"table:{table}": len(items)})


def _save_tables(session: boto3.Session, resources: Resources, topology: Topology, to: Path) -> Counter[str]:
    ddb, counts = session.client("dynamodb"), Counter[str]()
    tables = {}
    for spec in topology.tables:
        items = _scan(ddb, resources.env[spec.env])
        tables[spec.name] = _encode(items)
        counts += _notable(spec.name, items)
    (to / "tables.json").write_text(json.dumps(tables), encoding="utf-8")
    return counts


def _restore_tables(
    session: boto3.Session, resources: Resources, topology: Topology, src: Path
) -> Counter[str]:
    ddb, counts = session.client("dynamodb"), Counter[str]()
    tables = json.loads((src / "tables.json").read_text(encoding="utf-8"))
    for spec in topology.tables:
        items = _decode(tables.get(spec.name, []))
        for start in range(0, len(items), 25):
            requests = [{"PutRequest": {"Item": item}} for item in items[start : start + 25]]
            pending: dict[str, Any] = {resources.env[spec.env]: requests}
            while pending:  # the emulator never throttles, but BatchWriteItem may leave some unprocessed
                pending = ddb.batch_write_item(RequestItems=pending).get("UnprocessedItems") or {}
        counts += _notable(spec.name, items)
    return counts


def _save_objects(session: boto3.Session, resources: Resources, topology: Topology, to: Path) -> Counter[str]:
    s3, counts = session.client("s3"), Counter[str]()
    manifest: list[dict[str, Any]] = []
    for bucket in topology.buckets:
        name = resources.env[bucket.env]
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=name):
            for entry in page.get("Contents", []):
                got = s3.get_object(Bucket=name, Key=entry["Key"])
                file = f"object-{len(manifest)}.bin"
                (to / file).write_bytes(got["Body"].read())
                manifest.append(
                    {
                        "bucket": bucket.name,
                        "key": entry["Key"],
                        "file": file,
                        "content_type": got.get("ContentType", "binary/octet-stream"),
                        "metadata": got.get("Metadata", {}),
                    }
                )
                counts[f"bucket:{bucket.name}"] += 1
    (to / "objects.json").write_text(json.dumps(manifest), encoding="utf-8")
    return counts


def _restore_objects(
    session: boto3.Session, resources: Resources, topology: Topology, src: Path
) -> Counter[str]:
    s3, counts = session.client("s3"), Counter[str]()
    names = {b.name: resources.env[b.env] for b in topology.buckets}
    for entry in json.loads((src / "objects.json").read_text(encoding="utf-8")):
        s3.put_object(
            Bucket=names[entry["bucket"]],
            Key=entry["key"],
            Body=(src / entry["file"]).read_bytes(),
            ContentType=entry["content_type"],
            Metadata=entry["metadata"],
        )
        counts[f"bucket:{entry['bucket']}"] += 1
    return counts


def _drain(sqs: Any, url: str) -> list[dict[str, Any]]:
    """Every message of a stopped system's queue (none is being worked on): read, never deleted — the
    emulator stops right after."""
    found: dict[str, dict[str, Any]] = {}
    deadline = time.monotonic() + SQS_DRAIN_S
    while time.monotonic() < deadline:
        batch = sqs.receive_message(
            QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=60, MessageAttributeNames=["All"]
        ).get("Messages", [])
        for m in batch:
            found[m["MessageId"]] = {"body": m["Body"], "attributes": m.get("MessageAttributes", {})}
        if not batch and _in_flight(sqs, url) <= len(found):  # only the ones read here are hidden
            break
        if not batch:
            time.sleep(0.5)
    return list(found.values())


def _in_flight(sqs: Any, url: str) -> int:
    attributes = sqs.get_queue_attributes(
        QueueUrl=url, AttributeNames=["ApproximateNumberOfMessagesNotVisible"]
    )["Attributes"]
    return int(attributes["ApproximateNumberOfMessagesNotVisible"])


def _save_messages(session: boto3.Session, resources: Resources, to: Path) -> Counter[str]:
    sqs = session.client("sqs")
    saved = {
        "queues": {name: _drain(sqs, url) for name, url in resources.queue_urls.items()},
        "dead_letter_queues": {name: _drain(sqs, url) for name, url in resources.dlq_urls.items()},
    }
    (to / "messages.json").write_text(json.dumps(saved), encoding="utf-8")
    return Counter(
        {f"messages:{kind}": sum(len(v) for v in queues.values()) for kind, queues in saved.items()}
    )


def _restore_messages(session: boto3.Session, resources: Resources, src: Path) -> Counter[str]:
    sqs, counts = session.client("sqs"), Counter[str]()
    saved = json.loads((src / "messages.json").read_text(encoding="utf-8"))
    urls = {"queues": resources.queue_urls, "dead_letter_queues": resources.dlq_urls}
    for kind, queues in saved.items():
        for name, messages in queues.items():
            if name not in urls[kind]:  # a queue the topology no longer has: nothing consumes it now
                continue
            for m in messages:
                extra = {"MessageAttributes": m["attributes"]} if m["attributes"] else {}
                sqs.send_message(QueueUrl=urls[kind][name], MessageBody=m["body"], **extra)
                counts[f"messages:{kind}"] += 1
    return counts


def take(
    session: boto3.Session,
    resources: Resources,
    pool_id: str,
    folder: Path,
    extra: dict[str, Any],
    topology: Topology = TOPOLOGY,
) -> Counter[str]:
    """Writes the snapshot into `folder` (replacing the previous one only once it is complete)."""
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    counts = _save_tables(session, resources, topology, partial)
    counts += _save_objects(session, resources, topology, partial)
    counts += _save_messages(session, resources, partial)
    counts += snapshot_accounts.save(session, pool_id, partial)
    (partial / "snapshot.json").write_text(
        json.dumps({"format": FORMAT, "counts": counts, **extra}, indent=2), encoding="utf-8"
    )
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    return counts


def saved_extra(folder: Path) -> dict[str, Any] | None:
    """What the last run noted besides the data (None: no usable snapshot)."""
    meta = folder / "snapshot.json"
    if not meta.is_file():
        return None
    saved: dict[str, Any] = json.loads(meta.read_text(encoding="utf-8"))
    return saved if saved.get("format") == FORMAT else None


def older_format(folder: Path) -> int | None:
    """The format of a snapshot this version cannot restore faithfully, if one is there."""
    meta = folder / "snapshot.json"
    if not meta.is_file():
        return None
    found = json.loads(meta.read_text(encoding="utf-8")).get("format")
    return None if found == FORMAT else int(found or 0)


def restore(
    session: boto3.Session, resources: Resources, pool_id: str, folder: Path, topology: Topology = TOPOLOGY
) -> Counter[str]:
    counts = _restore_tables(session, resources, topology, folder)
    counts += _restore_objects(session, resources, topology, folder)
    counts += _restore_messages(session, resources, folder)
    counts += snapshot_accounts.restore(session, pool_id, folder)
    return counts


def summary(counts: Counter[str]) -> str:
    """The counts a person checks: reports, photos, staff, deliveries, messages."""
    reports = counts["reports"]
    return (
        f"{reports} reports, {counts['bucket:photos']} photo files, {counts['users']} staff accounts, "
        f"{counts['deliveries']} delivery records, {counts['emails']} emails and {counts['sms']} SMS in the "
        f"inbox, {counts['messages:queues']} queued and {counts['messages:dead_letter_queues']} dead "
        "messages"
    )
