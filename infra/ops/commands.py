"""The ops commands, one function each: find what to work on, do it, print what was done."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable

from infra.ops.errors import BAD_INPUT, OK, OpsError
from infra.ops.system import System


def _say(message: str) -> None:
    print(message, flush=True)


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    minutes, hours = seconds / 60, seconds / 3600
    return f"{seconds:.0f} s" if seconds < 120 else f"{minutes:.0f} min" if hours < 2 else f"{hours:.1f} h"


def dlq_list(system: System, args: argparse.Namespace) -> int:
    from infra.ops.dead_letters import dlq_states

    states = dlq_states(system)
    if args.json:
        print(json.dumps([s.__dict__ for s in states], indent=2))
        return OK
    print(f"Dead-letter queues of {system.where}:")
    print(f"  {'queue':<28} {'depth':>6}  {'oldest':>8}  redrive to")
    for s in states:
        oldest = _age(s.oldest_age_s) if s.looked_at_all else f"≥{_age(s.oldest_age_s)}"
        print(f"  {s.name:<28} {s.depth:>6}  {oldest:>8}  {s.source or '- (dlq show, then by hand)'}")
    waiting = sum(s.depth for s in states)
    print(f"{waiting} message(s) waiting." if waiting else "Every dead-letter queue is empty.")
    return OK


def dlq_show(system: System, args: argparse.Namespace) -> int:
    from infra.ops.dead_letters import show

    messages = show(system, args.queue, args.limit)
    if args.json:
        print(json.dumps(messages, indent=2, ensure_ascii=False))
        return OK
    print(f"{len(messages)} message(s) in the {args.queue} dead-letter queue (reporter contact masked):")
    for message in messages:
        print(json.dumps(message, indent=2, ensure_ascii=False))
    return OK


def dlq_redrive(system: System, args: argparse.Namespace) -> int:
    from infra.ops.redrive import redrive

    moved = redrive(system, args.queue, _say)
    print(f"Done: {moved} message(s) back on the {args.queue} queue.")
    return OK


def outbox_republish(system: System, args: argparse.Namespace) -> int:
    from infra.ops.outbox import republish

    system.use_for_services()
    republish(args.report_id, _say, args.event_ids, args.since)
    return OK


def webhooks_dead(system: System, args: argparse.Namespace) -> int:
    from infra.ops.webhook_dead_letters import dead_deliveries

    system.use_for_services()
    found = dead_deliveries(args.agency)
    if args.json:
        print(json.dumps(found, indent=2, ensure_ascii=False))
        return OK
    print(f"{len(found)} given-up webhook deliveries of {args.agency}:")
    for d in found:
        status = d["last_status_code"] or d["last_error"] or "-"
        print(
            f"  {d['delivery_id']}  {d['report_id']}  {d['event_type']}  {d['given_up_at']}  last: {status}"
        )
    return OK


def webhooks_redrive(system: System, args: argparse.Namespace) -> int:
    from infra.ops.webhook_dead_letters import redrive_webhooks

    if bool(args.delivery_ids) == bool(args.agency):
        raise OpsError(
            "cần mã giao webhook, hoặc --agency, nhưng không cả hai.",
            "name delivery ids or --agency, not both and not neither.",
            BAD_INPUT,
        )
    system.use_for_services()
    redriven = redrive_webhooks(system, args.delivery_ids, args.agency, _say)
    print(f"Done: {redriven} delivery(ies) due again now (notify-retry-soon / notify-retry take them).")
    return OK


COMMANDS: dict[tuple[str, str], Callable[[System, argparse.Namespace], int]] = {
    ("dlq", "list"): dlq_list,
    ("dlq", "show"): dlq_show,
    ("dlq", "redrive"): dlq_redrive,
    ("outbox", "republish"): outbox_republish,
    ("webhooks", "dead"): webhooks_dead,
    ("webhooks", "redrive"): webhooks_redrive,
}
