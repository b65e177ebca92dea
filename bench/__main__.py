"""`make bench`: cold-start imports, one POST against its bare AWS calls, and the AWS calls per report.

Figures, not tests: nothing here asserts on time. Medians over several runs, ratios taken within the
same run, so a slow or busy machine shifts the milliseconds but not much the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from importlib.metadata import version

from bench import classifier, cold_start, cost, emulator, figures, flow, life, load, submit, sweep, web
from bench.aws_calls import ApiCalls
from bench.cold_start import ColdStarts
from bench.env import handler_modules
from bench.flow import ReportCost
from bench.report import calls_table, cold_table, jitter_note, no_bytecode_table, submit_table, summary
from bench.submit import SubmitTimes

_OUT = sys.stdout  # --json sends the tables to stderr, so stdout carries only the JSON object


def say(text: str = "") -> None:
    print(text, file=_OUT, flush=True)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--runs", type=int, default=7, help="fresh interpreters per module (default 7)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per path first (default 5)")
    parser.add_argument("--iterations", type=int, default=50, help="timed requests per path (default 50)")
    # The SLA sweep (section 5) takes about a minute; it can be left out.
    parser.add_argument("--sweep-runs", type=int, default=sweep.RUNS, help="sweeps per size (default 3)")
    parser.add_argument("--skip-sweep", action="store_true", help="leave out the SLA sweep section (~1 min)")
    parser.add_argument("--skip-web", action="store_true", help="leave out the web app section (~1 min)")
    parser.add_argument(
        "--json",
        action="store_true",
        help="print the headline figures as one JSON object on stdout (tables go to stderr; "
        "only the sections those figures need are run)",
    )
    parser.add_argument(
        "--skip-load",
        action="store_true",
        help="leave out the load section (~5 min) and, without --json, the reliability run (~5 min)",
    )
    return parser.parse_args()


def run(args: argparse.Namespace) -> None:
    _header()
    cold = _cold_start_section(args)
    timed, reports, lives = _aws_sections(args)
    init_s = figures.median_import_seconds(cold)
    _cost_section(lives[-1], init_s)
    usd = cost.total(lives[-1], init_s=init_s)
    headline = figures.headline(cold, reports[-1][1].calls, lives[-1].calls, usd)
    if args.json:
        if not args.skip_load:  # the load's figures, without the reliability run (no figure of its own)
            headline.update(load.section(say, reliability=False))
        print(json.dumps(headline, ensure_ascii=False, indent=2), flush=True)
        return
    _classifier_section()
    if not args.skip_sweep:
        _sweep_section(args)
    if not args.skip_web:
        web_section()
    if not args.skip_load:
        headline.update(load.section(say))
    say("Summary")
    say("-------")
    say(summary(cold, timed, reports))
    say("Goals")
    say("\n".join(figures.goals_lines(headline)))


def _header() -> None:
    say(
        f"Phản ánh hiện trường — benchmark   Python {platform.python_version()}, boto3 {version('boto3')}, "
        f"moto {version('moto')}, powertools {version('aws-lambda-powertools')}, {os.cpu_count()} CPUs"
    )
    say(
        "Handlers run with production settings (INFO logs, EMF metrics) written to /dev/null;"
        " cold imports with active tracing on, as deployed (no X-Ray daemon locally: the AWS sections run"
        " with tracing off)."
    )
    say()


def _cold_start_section(args: argparse.Namespace) -> ColdStarts:
    modules = [*handler_modules(), *cold_start.FLOORS]
    say(
        "1. Cold-start import time — each import's CPU time in a fresh interpreter,"
        f" {args.runs} runs per module, interleaved; medians"
    )
    cold = cold_start.measure(modules, args.runs)
    say(cold_table(cold))
    worst = max(figures.cold_ratios(cold).items(), key=lambda item: item[1])[0]
    plain = cold_start.without_bytecode([cold_start.FLOOR, worst], max(3, args.runs // 2))
    say("   Shipped without bytecode, the same imports compile every module (infra/build/bytecode.py):")
    say(no_bytecode_table(plain, cold))
    say()
    return cold


def _aws_sections(
    args: argparse.Namespace,
) -> tuple[SubmitTimes, list[tuple[str, ReportCost]], list[life.LifeCost]]:
    """Sections 2 and 3, against one emulator: the POST timed in process, the AWS calls per report and
    over a report's whole life."""
    # No bench module imports a handler at its top: the emulator sets the environment first.
    with emulator.running() as aws, ApiCalls().installed() as calls:
        # The call count runs first, while every "container" is still cold (no clients, empty caches).
        reports_flow = flow.Flow(aws, calls)
        reports: list[tuple[str, ReportCost]] = [
            ("1st report (cold)", reports_flow.one_report()),
            ("2nd report (warm)", reports_flow.one_report()),
        ]
        say(
            f"2. POST /v1/reports in process — moto server over HTTP at {aws.endpoint}; "
            f"{args.warmup} warm-up + {args.iterations} timed runs per path, interleaved"
        )
        timed = submit.measure(aws, calls, args.warmup, args.iterations)
        say(submit_table(timed))
        note = jitter_note(timed)
        if note:
            say(note)
        say()
        say("3. AWS API calls per report, POST /v1/reports → the agency's email (SES) and every queue empty")
        say("   queue plumbing = receive_message/delete_message_batch, which Lambda's event source mapping")
        say("   makes in the cloud (empty long polls not counted); EventBridge → SQS delivery costs no call;")
        say("   outbox pipe = the PutEvents EventBridge Pipes makes from the reports table's stream, not our")
        say("   code (its stream reads, a fixed poll per shard whatever the traffic, are not counted)")
        say(calls_table(reports))
        say()
        lives = _life_section(aws, calls, reports_flow)
    say()
    return timed, reports, lives


def _life_section(aws: emulator.Emulator, calls: ApiCalls, reports_flow: flow.Flow) -> list[life.LifeCost]:
    say(f"   AWS API calls over a report's whole life: {', '.join(life.STEPS)}; each step until every queue")
    say("   is empty (1 photo, a reporter with an email address; the 2nd life is the warm one)")
    with calls.paused():
        lived = life.Life(aws, calls, reports_flow)
    lives = [lived.one_life(), lived.one_life()]
    titles = ["1st life", "2nd life (warm)"]
    say(
        calls_table(
            [(t, ReportCost(calls=c.calls, emails=c.emails)) for t, c in zip(titles, lives, strict=True)]
        )
    )
    return lives


def _cost_section(warm: life.LifeCost, init_s: float) -> None:
    say("3b. Cost per million reports over the warm life above, AWS ap-southeast-1 (python -m bench.cost)")
    say(cost.cost_table(warm, init_s))
    say(cost.writes_note(warm))
    say()
    say("   The design choices it depends on (same measured life):")
    say(cost.alternatives_table(warm, init_s))
    say(cost.assumptions())
    say()


def _classifier_section() -> None:
    # No AWS involved; the classifier runs in the routing worker for reports without a category.
    say(
        "4. Text classifier — the held-out labelled set in bench/data/ (what the routing worker would decide)"
    )
    say(classifier.table(classifier.measure()))
    say()


def _sweep_section(args: argparse.Namespace) -> None:
    say(f"5. SLA sweep — {sweep.DUE} due reports among 1,000 and 100,000; in-process moto (mock_aws)")
    say(sweep.table(sweep.measure(runs=args.sweep_runs)))
    say(sweep.NOTE)
    say()


def web_section() -> None:
    """The citizen web app: what the first page weighs, and how soon a slow phone can fill in a report."""
    say("6. Web app — JS + CSS of the first page, gzipped (web/dist; lazy chunks load with their page)")
    say(web.weight_table(web.first_page_weight(), web.lazy_chunks()))
    say()
    say("   Time to an interactive report form (/new) on a throttled phone")
    say(web.timing_table(web.time_to_form()))
    say(web.network_note())
    say()


def main() -> int:
    global _OUT
    args = _arguments()
    if args.json:
        _OUT = sys.stderr
    try:
        run(args)
    except KeyboardInterrupt:
        say("\nInterrupted (the emulator, if it was running, is stopped).")
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
