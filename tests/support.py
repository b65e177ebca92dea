"""Helpers shared by the integration tests: call handlers as Lambda would, pump queues, read SES."""

from __future__ import annotations

import json
from typing import Any

from infra.local.api_server import proxy_event
from infra.local.invoker import ACCOUNT, Invoker, LocalContext
from infra.local.pollers import QueuePoller
from infra.local.provision import Resources
from infra.topology import TOPOLOGY, Route

REGION = "ap-southeast-1"


def api_raw(
    method: str,
    path: str,
    body: Any = None,
    headers: dict[str, str] | None = None,
    route: str | None = None,
    query: str = "",
    handler_path: str = "services.intake.handler",
    content_type: str = "application/json",
) -> dict[str, Any]:
    """The handler's whole API Gateway answer (status, headers, body as text)."""
    import importlib

    handler = importlib.import_module(handler_path).handler
    raw = body if isinstance(body, (bytes, str)) or body is None else json.dumps(body)
    data = raw.encode() if isinstance(raw, str) else (raw or b"")
    event = proxy_event(
        method,
        Route(method, route or path),
        path,
        {},
        query,
        {"Content-Type": content_type, "Host": "api.test", **(headers or {})},
        data,
    )
    context = LocalContext(function_name="intake-api", timeout_s=20, memory_limit_in_mb=512, region=REGION)
    return dict(handler(event, context))


def api_call(
    method: str,
    path: str,
    body: Any = None,
    headers: dict[str, str] | None = None,
    route: str | None = None,
    query: str = "",
) -> tuple[int, Any]:
    result = api_raw(method, path, body, headers, route, query)
    return int(result["statusCode"]), json.loads(result["body"] or "null")


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
    return sum(p.poll_once() for _ in range(rounds))


def sent_emails() -> list[Any]:
    from moto.ses.models import ses_backends

    return list(ses_backends[ACCOUNT][REGION].sent_messages)


def queue_bodies(sqs: Any, url: str) -> list[dict[str, Any]]:
    """Peeks at the messages in a queue (and makes them visible again)."""
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0).get(
        "Messages", []
    )
    for m in messages:
        sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"], VisibilityTimeout=0)
    return [json.loads(m["Body"]) for m in messages]
