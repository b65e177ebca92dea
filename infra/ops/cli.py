"""`python -m infra.ops`: the command line over the recovery tools (argparse; one function per command).

Every refusal is a message in Vietnamese and English and an exit status, never a stack trace.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, NoReturn

from botocore.exceptions import BotoCoreError, ClientError

from infra.ops.commands import COMMANDS
from infra.ops.errors import BAD_INPUT, FAILED, INTERRUPTED, OpsError
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
  python -m infra.ops outbox republish PA-7K3M-Q9XD          # lists its events and their ids
  python -m infra.ops outbox republish PA-7K3M-Q9XD --since 2026-11-30T08:00:00+07:00
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


def _moment(raw: str) -> datetime:
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(
            "--since must be an ISO time, e.g. 2026-11-30T08:00:00+07:00"
        ) from None
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError("--since needs its offset, e.g. +07:00 or Z")
    return moment


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
    outbox = groups.add_parser("outbox", help="a report's saved events, put on the bus again")
    republish = outbox.add_subparsers(dest="command", required=True).add_parser(
        "republish", help="put chosen events of a report's timeline on the bus again (same event ids)"
    )
    republish.add_argument("report_id", help="the tracking code, e.g. PA-7K3M-Q9XD")
    republish.add_argument(
        "--event", action="append", default=[], dest="event_ids", help="an event id (repeatable)"
    )
    republish.add_argument("--since", type=_moment, help="every event written at or after this ISO time")
    _webhook_commands(groups.add_parser("webhooks", help="webhook deliveries that were given up"))
    return top


def _webhook_commands(webhooks: argparse.ArgumentParser) -> None:
    commands = webhooks.add_subparsers(dest="command", required=True)
    dead = commands.add_parser("dead", help="an agency's given-up deliveries")
    dead.add_argument("--agency", required=True, help="the agency's id, e.g. dien-luc")
    again = commands.add_parser("redrive", help="attempt given-up deliveries again (same webhook-id)")
    again.add_argument("delivery_ids", nargs="*", help="delivery ids (msg_…), as `webhooks dead` lists")
    again.add_argument("--agency", help="every given-up delivery of this agency")


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
