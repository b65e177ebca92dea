"""The one declaration of the system's wiring.

Both the CDK app (`infra/app.py`) and the local runner (`infra/local/`) are built from this module, so the
cloud and the laptop cannot drift. It is plain Python data on purpose: no `aws_cdk` import, so neither the
local runner nor any Lambda ever loads CDK.

Names here are logical. Each resource also names the environment variable through which functions learn
its physical name (CDK fills it with the generated name, the local runner with a local one).
"""

from __future__ import annotations

import json
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
    stream: bool = False  # a DynamoDB stream of each item's new image (read by a StreamPipe)


@dataclass(frozen=True)
class Bucket:
    name: str
    env: str


# AWS guidance for Lambda consumers: a message must stay hidden while the poller's retries of a batch run.
# The stack's queues and the local pollers' in-flight time both follow it.
VISIBILITY_PER_FUNCTION_TIMEOUT = 6


@dataclass(frozen=True)
class Queue:
    """An SQS queue fed by EventBridge rules; every queue has a DLQ after `max_receive_count` tries."""

    name: str
    max_receive_count: int = 5
    batch_size: int = 10
    # Functions that send to this queue (Function.sends_to) learn its URL from this variable.
    env: str | None = None


@dataclass(frozen=True)
class Rule:
    """EventBridge rule: events matching (sources, detail_types) go to `queue` — never to a Lambda."""

    name: str
    queue: str
    detail_types: tuple[str, ...]
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class StreamPipe:
    """EventBridge Pipes from a table's DynamoDB stream to the bus. The stream records `filter_pattern` (an
    EventBridge pattern, as JSON) passes go in batches to `enrichment`, a pure handler (records in, one
    event detail per record out, no AWS call); each detail becomes one event on the bus, its source,
    detail-type and time read from the detail at the three paths. The local runner runs the same filter
    and handler (infra/local/outbox_pipe.py)."""

    name: str
    table: str
    filter_pattern: str
    enrichment: str  # dotted path "module.attribute" relative to the asset root; the asset is shared/
    source_path: str = "$.source"
    detail_type_path: str = "$.type"
    time_path: str = "$.occurred_at"
    batch_size: int = 10  # PutEvents takes at most 10 entries: the most an event bus target takes per call
    # A failing batch holds its shard (records stay in order) while retried, then goes to the DLQ.
    retry_attempts: int = 10
    max_record_age_s: int = 24 * 3600  # a stream keeps records 24 hours
    enrichment_memory_mb: int = 128
    enrichment_timeout_s: int = 10


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
    # SMS through SNS (publish to a phone number), and queues this function sends messages to.
    sends_sms: bool = False
    sends_to: tuple[str, ...] = ()
    # May create groups in the staff user pool (an agency created by an admin gets its group)
    manages_user_pool: bool = False
    # Secrets Manager secrets (Topology.secrets) this function reads at run time, and those it writes.
    secrets: tuple[str, ...] = ()
    rotates_secrets: tuple[str, ...] = ()
    # Lambda's reserved concurrency: never more invocations at once (None: the account's shared pool).
    reserved_concurrency: int | None = None


@dataclass(frozen=True)
class UserPool:
    """Staff sign in here. Agency staff belong to `agency:<agency id>` groups, created per agency."""

    name: str
    groups: tuple[str, ...]
    issuer_env: str = "AUTH_ISSUER"
    jwks_env: str = "AUTH_JWKS_URL"
    client_env: str = "AUTH_CLIENT_ID"
    # The pool's id, given only to functions that manage its groups
    pool_id_env: str = "USER_POOL_ID"


@dataclass(frozen=True)
class Secret:
    """A secret in Secrets Manager (a JSON object), read by functions at run time and never put in their
    environment: the variable `env` carries only the secret's name."""

    name: str
    env: str
    keys: tuple[str, ...]  # the JSON object's keys
    generated: str = ""  # a key whose value is ours to choose: generated when the secret is created


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
    user_pool: UserPool
    secrets: tuple[Secret, ...] = ()
    pipes: tuple[StreamPipe, ...] = ()

    def function(self, name: str) -> Function:
        return next(f for f in self.functions if f.name == name)

    def table(self, name: str) -> Table:
        return next(t for t in self.tables if t.name == name)

    def queue(self, name: str) -> Queue:
        return next(q for q in self.queues if q.name == name)

    def consumer_of(self, queue: str) -> Function:
        return next(f for f in self.functions if f.queue == queue)


INTAKE = "phananh.intake"
# What notify tells people and systems about (one rule, one queue).
NOTIFY_DETAIL_TYPES = (
    "Report.Assigned",
    "Report.Submitted",
    "Report.NeedsTriage",
    "Report.Closed",
    "Report.Reopened",
    "Report.Rated",
    "Sla.Started",
    "Sla.Warning",
    "Sla.Breached",
    "Sla.Escalated",
)
ROUTING = "phananh.routing"
CHAT = "phananh.intake.chat"  # the chat webhooks' verified messages
SLA = "phananh.sla"

# The report outbox (docs/decisions.md): every timeline item (sk EVENT#…) is one event, written in the same
# transaction as the change; the pipe puts it on the bus. Only new timeline items carry `event`.
REPORT_OUTBOX = StreamPipe(
    name="report-outbox",
    table="reports",
    filter_pattern=json.dumps(
        {"dynamodb": {"NewImage": {"sk": {"S": [{"prefix": "EVENT#"}]}, "event": {"S": [{"exists": True}]}}}}
    ),
    enrichment="shared.outbox_stream.handler",
)

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
                # The operators' lists (triage queue, all reports in one status), newest first.
                Index("by_status", pk="status_key", sk="created_at"),
                # Sparse: open categorised reports by "<category>#<geohash6>", for duplicate hints.
                Index("nearby", pk="geo_cell", sk="created_at"),
            ),
            stream=True,  # the timeline items are the outbox: REPORT_OUTBOX publishes them
        ),
        Table(name="directory", env="DIRECTORY_TABLE"),
        Table(
            name="deliveries",
            env="DELIVERIES_TABLE",
            ttl_attribute="expires_at",
            indexes=(
                # An agency's delivery log, newest first (only entries about that agency carry it).
                Index("agency_log", pk="agency_key", sk="at"),
                # Sparse: webhook deliveries waiting for their next attempt, by due time.
                Index("retry_due", pk="due_shard", sk="due_at"),
            ),
        ),
        Table(name="stats", env="STATS_TABLE"),
        Table(name="idempotency", env="IDEMPOTENCY_TABLE", pk="id", sk=None, ttl_attribute="expiration"),
        # Agencies' webhook endpoints and their signing secrets (read only by notify's functions).
        Table(name="webhooks", env="WEBHOOKS_TABLE"),
        # Photo upload slots handed out by POST /v1/uploads; a report refers to them by id.
        Table(name="uploads", env="UPLOADS_TABLE", pk="id", sk=None, ttl_attribute="expires_at"),
        # Chat conversations (Zalo OA, Messenger): one item per chat account, TTL 24 h after its last message.
        Table(name="chats", env="CHATS_TABLE", pk="id", sk=None, ttl_attribute="expires_at"),
    ),
    buckets=(Bucket(name="photos", env="PHOTOS_BUCKET"),),
    queues=(
        Queue("routing"),
        Queue("notify"),
        Queue("sla"),
        # Webhook deliveries that exhausted their attempts; the consumer tells agency and operators.
        Queue("webhook-dead-letters", env="WEBHOOK_DEAD_LETTERS_QUEUE_URL"),
        # Webhook retries due within SQS's 15-minute delay (the first ones): each message is one delivery,
        # sent with its delay, so a retry due in 5 s does not wait for notify-retry's next minute.
        Queue("webhook-retries", env="WEBHOOK_RETRIES_QUEUE_URL"),
        Queue("stats"),  # the statistics projection's events
        Queue("photos", batch_size=5),  # submitted and answered reports whose photos the worker checks
        Queue("chat", batch_size=5),  # verified chat messages, for the conversation worker
    ),
    rules=(
        Rule("report-submitted-to-routing", queue="routing", detail_types=("Report.Submitted",)),
        Rule("report-submitted-to-photos", queue="photos", detail_types=("Report.Submitted",)),
        Rule("report-resolved-to-photos", queue="photos", detail_types=("Report.Resolved",)),
        Rule("report-news-to-notify", queue="notify", detail_types=NOTIFY_DETAIL_TYPES),
        Rule("report-assigned-to-sla", queue="sla", detail_types=("Report.Assigned",)),
        Rule("chat-messages-to-chat", queue="chat", detail_types=("Chat.Message",), sources=(CHAT,)),
        # Every event after which the clocks move otherwise than their status says: paused, resumed,
        # cleared, restarted (an accept, answer, close, rejection or merge stops them by the status its
        # own commit wrote, with the sweep's next instant: shared/clock_due.py).
        Rule(
            "report-clock-events-to-sla",
            queue="sla",
            detail_types=("Report.ProgressNoted", "Report.SentBack", "Report.Reopened"),
        ),
        # The statistics projection counts every report and SLA event.
        Rule(
            "report-events-to-stats",
            queue="stats",
            detail_types=(
                "Report.Submitted",
                "Report.Assigned",
                "Report.NeedsTriage",
                "Report.Accepted",
                "Report.ProgressNoted",
                "Report.SentBack",
                "Report.Resolved",
                "Report.Closed",
                "Report.Rejected",
                "Report.Merged",
                "Report.Rated",
                "Report.Reopened",
                # The deadlines land with Sla.Started: a report answered before they were set is on
                # time or late only once the projection sees them.
                "Sla.Started",
                "Sla.Warning",
                "Sla.Breached",
                "Sla.Escalated",
                "Sla.Restated",
            ),
        ),
    ),
    user_pool=UserPool(name="staff", groups=("operator", "leader", "admin")),
    pipes=(REPORT_OUTBOX,),
    secrets=(
        Secret(
            "zalo",
            env="ZALO_SECRET_ID",
            keys=("app_id", "oa_secret", "access_token", "refresh_token", "app_secret"),
        ),
        Secret(
            "messenger",
            env="MESSENGER_SECRET_ID",
            keys=("app_secret", "verify_token", "page_token"),
            generated="verify_token",
        ),
    ),
    functions=(
        Function(
            name="intake-api",
            service="intake",
            handler="services.intake.handlers.intake_api.handler",
            description="Public and citizen API: submit, track and rate reports, photo uploads, the feed",
            routes=(
                Route("POST", "/v1/reports"),
                Route("GET", "/v1/reports"),
                Route("GET", "/v1/reports/{id}"),
                Route("POST", "/v1/reports/{id}/rating"),
                Route("GET", "/v1/reports/{id}/photos/{photo}"),
                Route("POST", "/v1/uploads"),
                Route("GET", "/v1/categories"),
                Route("GET", "/v1/areas"),  # the communes/wards as GeoJSON, the web map's base layer
                Route("GET", "/v1/openapi.json"),
            ),
            tables={"reports": "write", "directory": "read", "uploads": "write", "idempotency": "write"},
            bucket_access="write",
        ),
        Function(
            name="open311-api",
            service="intake",
            handler="services.intake.handlers.open311_api.handler",
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
        ),
        Function(
            name="photo-worker",
            service="intake",
            handler="services.intake.handlers.photo_worker.handler",
            description="Checks uploaded photos and writes their cleaned public copies and thumbnails",
            queue="photos",
            tables={"reports": "write", "uploads": "read"},
            bucket_access="write",
            memory_mb=1024,  # decoding a 40-megapixel photo needs room
            timeout_s=60,
        ),
        Function(
            name="chat-webhooks",
            service="intake",
            handler="services.intake.handlers.chat_webhooks.handler",
            description="Zalo OA and Messenger webhooks: verify the signature, put the message on the bus",
            routes=(
                Route("POST", "/v1/channels/zalo"),
                Route("GET", "/v1/channels/messenger"),
                Route("POST", "/v1/channels/messenger"),
            ),
            publishes=True,
            secrets=("zalo", "messenger"),
            memory_mb=256,
            timeout_s=5,  # the platforms want an answer within seconds; the work happens in chat-worker
        ),
        Function(
            name="chat-worker",
            service="intake",
            handler="services.intake.handlers.chat_worker.handler",
            description="Runs chat conversations: drafts, photos, confirmation, filing, replies in the chat",
            queue="chat",
            tables={
                "reports": "write",
                "directory": "read",
                "chats": "write",
                "uploads": "write",
                "idempotency": "write",
            },
            bucket_access="write",
            secrets=("zalo", "messenger"),
            timeout_s=60,
        ),
        Function(
            name="zalo-token-refresh",
            service="intake",
            handler="services.intake.handlers.zalo_token_refresh.handler",
            description="Refreshes the Zalo OA access token before it expires (about 25 hours)",
            schedule_minutes=30,
            secrets=("zalo",),
            rotates_secrets=("zalo",),
            memory_mb=256,
            timeout_s=30,
        ),
        Function(
            name="routing-worker",
            service="routing",
            handler="services.routing.handlers.routing_worker.handler",
            description="Classifies a new report and assigns it to the competent agency",
            queue="routing",
            tables={"reports": "write", "directory": "read"},
        ),
        Function(
            name="staff-api",
            service="routing",
            handler="services.routing.handlers.staff_api.handler",
            description="Staff API: operators, agencies, leaders and admins (Cognito sign-in)",
            routes=(
                Route("GET", "/v1/staff/me", auth="staff"),
                Route("GET", "/v1/staff/agencies", auth="staff"),
                Route("GET", "/v1/staff/agency-names", auth="staff"),
                # case work
                Route("GET", "/v1/staff/reports", auth="staff"),
                Route("POST", "/v1/staff/reports", auth="staff"),
                Route("GET", "/v1/staff/reports/{id}", auth="staff"),
                Route("POST", "/v1/staff/reports/{id}/actions", auth="staff"),
                Route("GET", "/v1/staff/reports/{id}/photos/{photo}", auth="staff"),
                # the directory (admins)
                Route("GET", "/v1/admin/categories", auth="staff"),
                Route("PUT", "/v1/admin/categories/{id}", auth="staff"),
                Route("GET", "/v1/admin/agencies", auth="staff"),
                Route("POST", "/v1/admin/agencies", auth="staff"),
                Route("PUT", "/v1/admin/agencies/{id}", auth="staff"),
                Route("GET", "/v1/admin/areas", auth="staff"),
                Route("PUT", "/v1/admin/areas/{id}", auth="staff"),
                Route("GET", "/v1/admin/rules", auth="staff"),
                Route("PUT", "/v1/admin/rules/{id}", auth="staff"),
                Route("DELETE", "/v1/admin/rules/{id}", auth="staff"),
                Route("GET", "/v1/admin/settings", auth="staff"),
                Route("PUT", "/v1/admin/settings", auth="staff"),
            ),
            tables={"reports": "write", "directory": "write"},
            bucket_access="read",  # the cleaned photos, shown to staff before they are published
            manages_user_pool=True,
        ),
        Function(
            name="notify-worker",
            service="notify",
            handler="services.notify.handlers.notify_worker.handler",
            description="Tells agencies what happened, exactly once per event and recipient",
            queue="notify",
            tables={
                "reports": "read",
                "directory": "read",
                "deliveries": "write",
                "idempotency": "write",
                "webhooks": "write",
                "chats": "read",  # when the person last wrote (the chat platforms' reply windows)
            },
            secrets=("zalo", "messenger"),
            sends_email=True,
            # SMS to reporters; a first webhook attempt inline (15 s each, a few endpoints).
            sends_sms=True,
            sends_to=("webhook-retries",),
            timeout_s=90,
        ),
        Function(
            name="sla-worker",
            service="sla",
            handler="services.sla.handlers.sla_worker.handler",
            description="Keeps each report's deadline clocks in working time (start, pause, restart, stop)",
            queue="sla",
            tables={"reports": "write", "directory": "read"},
        ),
        Function(
            name="sla-sweep",
            service="sla",
            handler="services.sla.handlers.sla_sweep.handler",
            description="Emits SLA warnings, breaches and escalations; re-publishes stuck outbox events",
            schedule_minutes=5,
            tables={"reports": "write"},
            timeout_s=60,
        ),
        # Notify's API, webhook retries and dead letters.
        Function(
            name="notify-api",
            service="notify",
            handler="services.notify.handlers.notify_api.handler",
            description="Agency webhooks (register, rotate) and the delivery log",
            routes=(
                Route("POST", "/v1/admin/agencies/{id}/webhooks", auth="staff"),
                Route("GET", "/v1/admin/agencies/{id}/webhooks", auth="staff"),
                Route("POST", "/v1/admin/agencies/{id}/webhooks/{webhook_id}/rotate", auth="staff"),
                Route("GET", "/v1/admin/agencies/{id}/deliveries", auth="staff"),
                Route("GET", "/v1/staff/deliveries", auth="staff"),
            ),
            tables={"reports": "read", "directory": "read", "deliveries": "read", "webhooks": "write"},
        ),
        Function(
            name="notify-retry",
            service="notify",
            handler="services.notify.handlers.notify_retry.handler",
            description="Retries webhook deliveries that are due (beyond SQS's 15-minute delay limit)",
            schedule_minutes=1,
            tables={"deliveries": "write", "webhooks": "write"},
            sends_to=("webhook-dead-letters", "webhook-retries"),
            timeout_s=300,
        ),
        Function(
            name="notify-retry-soon",
            service="notify",
            handler="services.notify.handlers.notify_retry_soon.handler",
            description="Retries a webhook delivery when its short delay (under 15 minutes) is over",
            queue="webhook-retries",
            tables={"deliveries": "write", "webhooks": "write"},
            sends_to=("webhook-dead-letters", "webhook-retries"),
            timeout_s=60,
        ),
        Function(
            name="notify-dead-letters",
            service="notify",
            handler="services.notify.handlers.notify_dead_letters.handler",
            description="Tells the agency and operators about webhook deliveries that were given up",
            queue="webhook-dead-letters",
            tables={"directory": "read", "deliveries": "write", "idempotency": "write"},
            sends_email=True,
        ),
        # The statistics projection and its API.
        Function(
            name="sla-stats",
            service="sla",
            handler="services.sla.handlers.sla_stats.handler",
            description="Statistics projection: counters per agency, category, area, day and month",
            queue="stats",
            tables={"stats": "write"},
        ),
        Function(
            name="stats-api",
            service="sla",
            handler="services.sla.handlers.stats_api.handler",
            description="Public statistics (JSON, CSV) and the leaders' drill-down",
            routes=(
                Route("GET", "/v1/stats"),
                Route("GET", "/v1/staff/stats", auth="staff"),
                Route("GET", "/v1/staff/stats/reports", auth="staff"),
            ),
            tables={"stats": "read", "directory": "read"},
        ),
    ),
)
