"""The one declaration of the system's wiring.

Both the CDK app (`infra/app.py`) and the local runner (`infra/local/`) are built from this module, so the
cloud and the laptop cannot drift. It is plain Python data on purpose: no `aws_cdk` import, so neither the
local runner nor any Lambda ever loads CDK.

Names here are logical. Each resource also names the environment variable through which functions learn
its physical name (CDK fills it with the generated name, the local runner with a local one).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Access = Literal["read", "write"]


@dataclass(frozen=True)
class Index:
    name: str
    pk: str
    sk: str | None = None


@dataclass(frozen=True)
class Table:
    name: str
    env: str
    pk: str = "pk"
    sk: str | None = "sk"
    indexes: tuple[Index, ...] = ()
    ttl_attribute: str | None = None


@dataclass(frozen=True)
class Bucket:
    name: str
    env: str


@dataclass(frozen=True)
class Queue:
    """An SQS queue fed by EventBridge rules; every queue has a DLQ after `max_receive_count` tries."""

    name: str
    max_receive_count: int = 5
    batch_size: int = 10


@dataclass(frozen=True)
class Rule:
    """EventBridge rule: events matching (sources, detail_types) go to `queue` — never to a Lambda."""

    name: str
    queue: str
    detail_types: tuple[str, ...]
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # API Gateway resource path, e.g. /v1/reports/{id}
    auth: Literal["public", "staff"] = "public"


@dataclass(frozen=True)
class Function:
    name: str
    service: str  # folder under services/
    handler: str  # dotted path "module.attribute", relative to the asset root
    description: str
    routes: tuple[Route, ...] = ()
    queue: str | None = None  # consumes this queue
    schedule_minutes: int | None = None  # invoked on this rate
    tables: dict[str, Access] = field(default_factory=dict)
    bucket_access: Access | None = None
    publishes: bool = False  # may PutEvents on the bus
    sends_email: bool = False
    memory_mb: int = 512
    timeout_s: int = 20


@dataclass(frozen=True)
class Topology:
    app: str
    bus_name: str
    bus_env: str
    tables: tuple[Table, ...]
    buckets: tuple[Bucket, ...]
    queues: tuple[Queue, ...]
    rules: tuple[Rule, ...]
    functions: tuple[Function, ...]

    def function(self, name: str) -> Function:
        return next(f for f in self.functions if f.name == name)

    def table(self, name: str) -> Table:
        return next(t for t in self.tables if t.name == name)

    def queue(self, name: str) -> Queue:
        return next(q for q in self.queues if q.name == name)

    def consumer_of(self, queue: str) -> Function:
        return next(f for f in self.functions if f.queue == queue)


INTAKE = "phananh.intake"
ROUTING = "phananh.routing"
SLA = "phananh.sla"

TOPOLOGY = Topology(
    app="phananh",
    bus_name="reports",
    bus_env="EVENT_BUS_NAME",
    tables=(
        Table(
            name="reports",
            env="REPORTS_TABLE",
            indexes=(
                # Agency inbox: all reports of one agency in one status, newest first.
                Index("by_agency", pk="agency_status", sk="created_at"),
                # Public feed: partitioned by month so no partition grows without bound.
                Index("feed", pk="feed_month", sk="created_at"),
                # Sparse: only open reports with a running deadline carry due_shard/due_at.
                Index("due", pk="due_shard", sk="due_at"),
                # Sparse: only items whose events were not yet confirmed published (transactional outbox).
                Index("outbox", pk="outbox_shard", sk="outbox_at"),
            ),
        ),
        Table(name="directory", env="DIRECTORY_TABLE"),
        Table(name="deliveries", env="DELIVERIES_TABLE", ttl_attribute="expires_at"),
        Table(name="stats", env="STATS_TABLE"),
        Table(name="idempotency", env="IDEMPOTENCY_TABLE", pk="id", sk=None, ttl_attribute="expiration"),
        # Photo upload slots handed out by POST /v1/uploads; a report refers to them by id.
        Table(name="uploads", env="UPLOADS_TABLE", pk="id", sk=None, ttl_attribute="expires_at"),
    ),
    buckets=(Bucket(name="photos", env="PHOTOS_BUCKET"),),
    queues=(Queue("routing"), Queue("notify"), Queue("sla"), Queue("photos", batch_size=5)),
    rules=(
        Rule("report-submitted-to-routing", queue="routing", detail_types=("Report.Submitted",)),
        Rule("report-submitted-to-photos", queue="photos", detail_types=("Report.Submitted",)),
        Rule("report-assigned-to-notify", queue="notify", detail_types=("Report.Assigned",)),
        Rule("report-assigned-to-sla", queue="sla", detail_types=("Report.Assigned",)),
    ),
    functions=(
        Function(
            name="intake-api",
            service="intake",
            handler="services.intake.handler.handler",
            description="Public and citizen API: submit, track and rate reports, photo uploads, the feed",
            routes=(
                Route("POST", "/v1/reports"),
                Route("GET", "/v1/reports"),
                Route("GET", "/v1/reports/{id}"),
                Route("POST", "/v1/reports/{id}/rating"),
                Route("GET", "/v1/reports/{id}/photos/{photo}"),
                Route("POST", "/v1/uploads"),
                Route("GET", "/v1/categories"),
                Route("GET", "/v1/openapi.json"),
            ),
            tables={"reports": "write", "directory": "read", "uploads": "write", "idempotency": "write"},
            bucket_access="write",
            publishes=True,
        ),
        Function(
            name="open311-api",
            service="intake",
            handler="services.intake.open311.handler.handler",
            description="Open311 GeoReport v2 (JSON and XML) for existing Open311 clients",
            routes=(
                Route("GET", "/open311/v2/discovery.json"),
                Route("GET", "/open311/v2/discovery.xml"),
                Route("GET", "/open311/v2/services.json"),
                Route("GET", "/open311/v2/services.xml"),
                Route("GET", "/open311/v2/services/{service_code}"),
                Route("GET", "/open311/v2/requests.json"),
                Route("GET", "/open311/v2/requests.xml"),
                Route("POST", "/open311/v2/requests.json"),
                Route("POST", "/open311/v2/requests.xml"),
                Route("GET", "/open311/v2/requests/{id}"),
                Route("GET", "/open311/v2/tokens/{token}"),
            ),
            tables={"reports": "write", "directory": "read"},
            publishes=True,
        ),
        Function(
            name="photo-worker",
            service="intake",
            handler="services.intake.photo_worker.handler",
            description="Checks uploaded photos and writes their cleaned public copies and thumbnails",
            queue="photos",
            tables={"reports": "write", "uploads": "read"},
            bucket_access="write",
            memory_mb=1024,  # decoding a 40-megapixel photo needs room
            timeout_s=60,
        ),
        Function(
            name="routing-worker",
            service="routing",
            handler="services.routing.worker.handler",
            description="Classifies a new report and assigns it to the competent agency",
            queue="routing",
            tables={"reports": "write", "directory": "read"},
            publishes=True,
        ),
        Function(
            name="notify-worker",
            service="notify",
            handler="services.notify.worker.handler",
            description="Tells agencies what happened, exactly once per event and recipient",
            queue="notify",
            tables={"reports": "read", "directory": "read", "deliveries": "write", "idempotency": "write"},
            sends_email=True,
        ),
        Function(
            name="sla-worker",
            service="sla",
            handler="services.sla.worker.handler",
            description="Sets deadlines in working time when a report is assigned",
            queue="sla",
            tables={"reports": "write", "directory": "read"},
        ),
        Function(
            name="sla-sweep",
            service="sla",
            handler="services.sla.sweep.handler",
            description="Emits breaches for overdue reports and re-publishes stuck outbox events",
            schedule_minutes=5,
            tables={"reports": "write"},
            publishes=True,
            timeout_s=60,
        ),
    ),
)
