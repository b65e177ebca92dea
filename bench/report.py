"""Turns the measurements into the tables and the summary the bench prints."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from bench.aws_calls import NOT_OURS, Call
from bench.cold_start import API_FLOOR, BASELINE, FLOOR, ColdStarts
from bench.flow import ReportCost
from bench.stats import median, ms, p90, ratio, signed_ms, times
from bench.submit import BARE, HANDLER, SubmitTimes
from bench.table import render
from infra.topology import TOPOLOGY


def cold_table(cold: ColdStarts) -> str:
    base = median(cold.seconds[BASELINE])
    rows = []
    for module, samples in cold.seconds.items():
        name = f"import {module} (baseline)" if module == BASELINE else module
        name = f"{module} (libraries alone: the floor)" if module == FLOOR else name
        name = f"{module} (+ REST resolver: APIs' floor)" if module == API_FLOOR else name
        rows.append(
            [
                name,
                ms(median(samples)),
                ms(min(samples)),
                ms(max(samples)),
                times(ratio(median(samples), base)),
            ]
        )
    return render(["module", "median ms", "min ms", "max ms", "vs boto3"], rows)


def no_bytecode_table(plain: ColdStarts, cold: ColdStarts) -> str:
    """Each import compiled, against `import boto3` with its bytecode (what the goal is measured against)."""
    base = median(cold.seconds[BASELINE])
    rows = [
        [
            f"import {module}" if module == BASELINE else module,
            ms(median(samples)),
            times(ratio(median(samples), median(cold.seconds[module]))),
            times(ratio(median(samples), base)),
        ]
        for module, samples in plain.seconds.items()
    ]
    return render(["module, no bytecode", "median ms", "vs with bytecode", "vs boto3 with bytecode"], rows)


def submit_table(submit: SubmitTimes) -> str:
    handler, bare = submit.seconds[HANDLER], submit.seconds[BARE]
    rows = [
        [
            "intake handler (API Gateway event)",
            ms(median(handler)),
            ms(p90(handler)),
            f"{submit.calls_per_iteration[HANDLER]:.1f}",
        ],
        [
            "bare boto3 calls (the same calls)",
            ms(median(bare)),
            ms(p90(bare)),
            f"{submit.calls_per_iteration[BARE]:.1f}",
        ],
        [
            "ratio handler / bare",
            times(ratio(median(handler), median(bare))),
            times(ratio(p90(handler), p90(bare))),
            "",
        ],
        [
            "handler − bare (ms)",
            signed_ms(median(handler) - median(bare)),
            signed_ms(p90(handler) - p90(bare)),
            "",
        ],
        [
            "handler time outside botocore calls",
            ms(median(submit.own_seconds)),
            ms(p90(submit.own_seconds)),
            "",
        ],
    ]
    return render(["path", "median ms", "p90 ms", "AWS calls/request"], rows)


def _caller_order(caller: str) -> int:
    names = [f.name for f in TOPOLOGY.functions]
    return names.index(caller) if caller in names else len(names)


def _subtotal(counts: Counter[Call], ours: bool) -> int:
    return sum(n for call, n in counts.items() if (call.caller not in NOT_OURS) == ours)


def calls_table(costs: Sequence[tuple[str, ReportCost]]) -> str:
    reports = [(title, cost.calls) for title, cost in costs]
    every = sorted({c for _, counts in reports for c in counts}, key=lambda c: (_caller_order(c.caller), c))
    rows = []
    previous = ""
    for call in every:
        who = call.caller if call.caller != previous else ""
        previous = call.caller
        rows.append([who, call.service, call.operation, *(str(counts[call]) for _, counts in reports)])
    pad = ["", ""]  # under service and operation
    rows.append(["", *pad, *("" for _ in reports)])
    rows.append(["our code (handlers)", *pad, *(str(_subtotal(c, True)) for _, c in reports)])
    rows.append(
        ["AWS's: queue plumbing (ESM), outbox pipe", *pad, *(str(_subtotal(c, False)) for _, c in reports)]
    )
    rows.append(["total", *pad, *(str(sum(c.values())) for _, c in reports)])
    rows.append(["emails SES sent", *pad, *(str(cost.emails) for _, cost in costs)])
    return render(["caller", "service", "operation", *(title for title, _ in reports)], rows)


def by_service(counts: Counter[Call]) -> str:
    services: Counter[str] = Counter()
    for call, n in counts.items():
        services[call.service] += n
    return ", ".join(f"{service} {n}" for service, n in sorted(services.items()))


def jitter_note(submit: SubmitTimes) -> str | None:
    """Says so when the emulator's own spread is larger than the difference being measured."""
    handler, bare = median(submit.seconds[HANDLER]), median(submit.seconds[BARE])
    jitter = p90(submit.seconds[BARE]) - bare
    if abs(handler - bare) >= jitter:
        return None
    return (
        f"  The emulator's jitter (bare p90 − median = {ms(jitter)} ms) exceeds handler − bare,"
        " so that ratio is noise around the true cost;\n  the handler's time outside botocore calls"
        f" ({ms(median(submit.own_seconds))} ms, {share(submit)} of the request) is measured directly."
    )


def share(submit: SubmitTimes) -> str:
    return f"{ratio(median(submit.own_seconds), median(submit.seconds[HANDLER])):.0%}"


def summary(cold: ColdStarts, submit: SubmitTimes, costs: Sequence[tuple[str, ReportCost]]) -> str:
    base = median(cold.seconds[BASELINE])
    handler, bare = median(submit.seconds[HANDLER]), median(submit.seconds[BARE])
    lines = [f"Cold import, median of {cold.runs} fresh interpreters: import boto3 {ms(base)} ms"]
    for module, samples in cold.seconds.items():
        if module != BASELINE:
            lines.append(
                f"  {module:<28} {ms(median(samples)):>7} ms  {times(ratio(median(samples), base))} boto3"
            )
    lines += [
        f"POST /v1/reports, median of {submit.iterations} (p90 in brackets):",
        f"  intake handler {ms(handler)} ms ({ms(p90(submit.seconds[HANDLER]))})"
        f" vs bare AWS calls {ms(bare)} ms ({ms(p90(submit.seconds[BARE]))})",
        f"  handler / bare {times(ratio(handler, bare))}:"
        f" our code adds {signed_ms(handler - bare)} ms per request"
        f" (measured directly: {ms(median(submit.own_seconds))} ms outside botocore calls, {share(submit)})",
        "AWS API calls per report, POST → agency email:",
    ]
    for title, cost in costs:
        counts = cost.calls
        lines.append(
            f"  {title}: {sum(counts.values())} = our code {_subtotal(counts, True)}"
            f" + AWS's (queue plumbing, outbox pipe) {_subtotal(counts, False)}"
            f"   ({by_service(counts)}; {cost.emails} emails)"
        )
    return "\n".join(lines)
