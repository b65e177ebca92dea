"""`python -m infra.ops`: the command line over the recovery tools (argparse; one function per command).

Every refusal is a message in Vietnamese and English and an exit status, never a stack trace.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from botocore.exceptions import BotoCoreError, ClientError

from infra.ops.errors import BAD_INPUT, FAILED, INTERRUPTED, OK, OpsError
from infra.ops.system import System, deployed, local_run

MAX_SHOWN = 100

EPILOG = """\
where: the local run (make run; its PHANANH_LOCAL_DIR/outputs.json) unless --stack names a deployed stack
(PhanAnh-<stage>; AWS credentials from the environment, as for the AWS CLI).

exit status: 0 done · 1 AWS failed or refused (the command says what was done) · 2 bad input (unknown
queue, malformed id, bad option) · 3 nothing found (no local run, no such report or agency) · 130 stopped.

examples:
  python -m infra.ops dlq list
  python -m infra.ops dlq show notify --limit 5
  python -m infra.ops dlq redrive notify
  python -m infra.ops outbox republish PA-7K3M-Q9XD
  python -m infra.ops webhooks dead --agency dien-luc
  python -m infra.ops webhooks redrive --agency dien-luc
  python -m infra.ops --stack PhanAnh-prod dlq list
The runbook (docs/runbook.md) says which command answers which alarm."""


class Parser(argparse.ArgumentParser):
    """argparse, with its refusals in both languages and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        raise OpsError(f"tham số không hợp lệ: {message}", f"invalid arguments: {message}", BAD_INPUT)


def _limit(raw: str) -> int:
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_SHOWN:
        raise argparse.ArgumentTypeError(f"--limit must be a whole number from 1 to {MAX_SHOWN}")
    return int(raw)


def parser() -> Parser:
    top = Parser(
        prog="python -m infra.ops",
        description="Recovery tools: dead-letter queues, the outbox, given-up webhook deliveries.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    top.add_argument("--stack", help="a deployed stack (PhanAnh-<stage>) instead of the local run")
    top.add_argument("--region", help="the stack's region (default: the AWS environment's)")
    top.add_argument("--json", action="store_true", help="print JSON instead of text")
    groups = top.add_subparsers(dest="group", required=True, metavar="{dlq,outbox,webhooks}")
    dlq = groups.add_parser("dlq", help="dead-letter queues").add_subparsers(dest="command", required=True)
    dlq.add_parser("list", help="every dead-letter queue: depth, oldest message, source queue")
    show = dlq.add_parser("show", help="a dead-letter queue's messages (reporter contact masked)")
    show.add_argument("queue", help="the queue's name as `dlq list` shows it (e.g. notify)")
    show.add_argument("--limit", type=_limit, default=10, help=f"at most this many (1-{MAX_SHOWN}; 10)")
    move = dlq.add_parser("redrive", help="move a dead-letter queue's messages back to its source queue")
    move.add_argument("queue", help="the queue's name as `dlq list` shows it (e.g. notify)")
    outbox = groups.add_parser("outbox", help="events saved but not yet on the bus")
    republish = outbox.add_subparsers(dest="command", required=True).add_parser(
        "republish", help="put a report's unpublished events on the bus (same event ids)"
    )
    republish.add_argument("report_id", help="the tracking code, e.g. PA-7K3M-Q9XD")
    _webhook_commands(groups.add_parser("webhooks", help="webhook deliveries that were given up"))
    return top


def _webhook_commands(webhooks: argparse.ArgumentParser) -> None:
    commands = webhooks.add_subparsers(dest="command", required=True)
    dead = commands.add_parser("dead", help="an agency's given-up deliveries")
    dead.add_argument("--agency", required=True, help="the agency's id, e.g. dien-luc")
    again = commands.add_parser("redrive", help="attempt given-up deliveries again (same webhook-id)")
    again.add_argument("delivery_ids", nargs="*", help="delivery ids (msg_…), as `webhooks dead` lists")
    again.add_argument("--agency", help="every given-up delivery of this agency")


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
    republish(args.report_id, _say)
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


def main(argv: Sequence[str] | None = None, locate: Callable[..., System] | None = None) -> int:
    """Runs one command; `locate` (tests) gives the system instead of the local run or --stack."""
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "CRITICAL")  # the command speaks for itself
    try:
        args = parser().parse_args(argv)
        system = locate(args) if locate else _locate(args)
        return COMMANDS[(args.group, args.command)](system, args)
    except OpsError as refused:
        print(refused, file=sys.stderr)
        return refused.exit_status
    except (ClientError, BotoCoreError) as error:
        said = str(error).splitlines()[0][:300]
        print(f"Lỗi: AWS từ chối hoặc lỗi: {said}\nError: AWS refused or failed: {said}", file=sys.stderr)
        return FAILED
    except KeyboardInterrupt:
        print("Đã dừng. / Stopped.", file=sys.stderr)
        return INTERRUPTED
    except Exception as error:  # an operator's tool says what broke in a line, never with a stack trace
        said = f"{type(error).__name__}: {str(error).splitlines()[0][:300] if str(error) else ''}"
        print(f"Lỗi không lường trước: {said}\nError: unexpected failure: {said}", file=sys.stderr)
        return FAILED


def _locate(args: argparse.Namespace) -> Any:
    return deployed(args.stack, args.region) if args.stack else local_run()
