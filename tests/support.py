"""Helpers shared by the integration tests: call handlers as Lambda would, pump queues, read SES."""

from __future__ import annotations

import json
from typing import Any

from infra.local.api_server import proxy_event
from infra.local.invoker import ACCOUNT, Invoker
from infra.local.outbox_pipe import LocalPipe, outbox_pipes
from infra.local.pollers import QueuePoller
from infra.local.provision import Resources
from infra.topology import TOPOLOGY, Route
from shared.events import ReportEvent
from shared.models import Report

REGION = "ap-southeast-1"
PASSWORD = "PhanAnh#Test2026"


def api_raw(
    method: str,
    path: str,
    body: Any = None,
    headers: dict[str, str] | None = None,
    route: str | None = None,
    query: str = "",
    function: str = "intake-api",
    content_type: str = "application/json",
) -> dict[str, Any]:
    """The whole API Gateway answer (status, headers, body as text) of the topology function `function`."""
    handler = Invoker(TOPOLOGY.function(function), REGION)
    raw = body if isinstance(body, (bytes, str)) or body is None else json.dumps(body)
    data = raw.encode() if isinstance(raw, str) else (raw or b"")
    path, _, inline = path.partition("?")  # a query in the path, or given apart: both count
    query = "&".join(q for q in (inline, query) if q)
    event = proxy_event(
        method,
        Route(method, route or path),
        path,
        {},
        query,
        {"Content-Type": content_type, "Host": "api.test", **(headers or {})},
        data,
    )
    return dict(handler(event))


def api_call(
    method: str,
    path: str,
    body: Any = None,
    headers: dict[str, str] | None = None,
    route: str | None = None,
    function: str = "intake-api",
    query: str = "",  # e.g. "period=2026-10&format=csv"
    text: bool = False,  # the body as text (CSV) instead of parsed JSON
) -> tuple[int, Any]:
    result = api_raw(method, path, body, headers, route, query, function)
    if text:
        return int(result["statusCode"]), result["body"]
    return int(result["statusCode"]), json.loads(result["body"] or "null")


def staff_call(
    method: str,
    path: str,
    body: Any = None,
    token: str | None = None,
    headers: dict[str, str] | None = None,
    route: str | None = None,
) -> tuple[int, dict[str, Any]]:
    auth = {"Authorization": f"Bearer {token}"} if token else {}
    return api_call(method, path, body, {**auth, **(headers or {})}, route, function="staff-api")


# The outbox pipes of the current emulated account (the `aws` fixture starts them), run on demand.
PIPES: list[LocalPipe] = []


def start_pipes(resources: Resources) -> None:
    """EventBridge Pipes for a fresh emulated account: from the stream's start, drained by `relay`."""
    import boto3

    PIPES[:] = outbox_pipes(
        boto3.Session(region_name=REGION), TOPOLOGY, resources, lambda _: None, "TRIM_HORIZON"
    )


def relay() -> int:
    """What the outbox pipes have put on the bus since the last call (in the cloud, within a second)."""
    return sum(pipe.drain() for pipe in PIPES)


def stored_earlier(report: Report, event: ReportEvent) -> None:
    """A report as it stands before the test begins, its event announced long ago: stored with it, and
    the outbox pipes moved past it (what was stored before still reaches the bus first)."""
    from shared.repository import ReportRepository

    relay()
    ReportRepository().create(report, event)
    for pipe in PIPES:
        pipe.start_at("LATEST")


def poller(sqs: Any, resources: Resources, queue: str) -> QueuePoller:
    function = TOPOLOGY.consumer_of(queue)
    p = QueuePoller(
        sqs, queue, resources.queue_urls[queue], 10, Invoker(function, REGION), REGION, log=lambda _: None
    )
    p.wait_seconds = 0
    return p


def pump(sqs: Any, resources: Resources, queue: str, rounds: int = 3) -> int:
    """Lets the queue's worker consume what is there; returns how many messages it was given."""
    p = poller(sqs, resources, queue)
    given = 0
    for _ in range(rounds):
        relay()
        given += p.poll_once()
    return given


def sent_emails() -> list[Any]:
    from moto.ses.models import ses_backends

    return list(ses_backends[ACCOUNT][REGION].sent_messages)


def queue_bodies(sqs: Any, url: str) -> list[dict[str, Any]]:
    """Peeks at the messages in a queue (and makes them visible again)."""
    relay()
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0).get(
        "Messages", []
    )
    for m in messages:
        sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"], VisibilityTimeout=0)
    return [json.loads(m["Body"]) for m in messages]


def sign_in(pool: dict[str, Any], username: str, client_id: str | None = None) -> str:
    """A real ID token from the emulator's Cognito (USER_PASSWORD_AUTH), as a staff client gets it."""
    import boto3

    idp = boto3.client("cognito-idp", region_name=REGION)
    result = idp.initiate_auth(
        ClientId=client_id or pool["client_id"],
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD},
    )["AuthenticationResult"]
    return str(result["IdToken"])
