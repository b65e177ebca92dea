"""The environment every handler module needs at import, shared by the subprocesses and the emulator run.

Table, bucket and bus names are the ones `provision()` creates, so a cold import in a subprocess reads
exactly the settings the in-process figures run with.
"""

from __future__ import annotations

from infra.local.provision import MAIL_FROM, physical
from infra.topology import TOPOLOGY

REGION = "ap-southeast-1"


def handler_env(region: str = REGION) -> dict[str, str]:
    env = {
        "AWS_REGION": region,
        "AWS_DEFAULT_REGION": region,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
        # No X-Ray daemon runs locally; tracing on would only measure failed UDP sends.
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_METRICS_NAMESPACE": "PhanAnh",
        # Logging and metrics stay at their production settings: their cost is part of our code's cost.
        "POWERTOOLS_LOG_LEVEL": "INFO",
        "POWERTOOLS_DEV": "false",
        "MAIL_FROM": MAIL_FROM,
        TOPOLOGY.bus_env: physical(TOPOLOGY, TOPOLOGY.bus_name),
    }
    env.update({t.env: physical(TOPOLOGY, t.name) for t in TOPOLOGY.tables})
    env.update({b.env: physical(TOPOLOGY, b.name) for b in TOPOLOGY.buckets})
    return env


def production_env(function_name: str = "phananh-bench") -> dict[str, str]:
    """What a deployed function imports under: the same settings, active tracing on (functions.py's
    `Tracing.ACTIVE`). Powertools' Tracer turns itself off outside Lambda, so the variables Lambda sets
    are set too; an import sends nothing to X-Ray, so no daemon is needed to measure it."""
    env = handler_env()
    env.pop("POWERTOOLS_TRACE_DISABLED")
    env.update(
        {
            "LAMBDA_TASK_ROOT": "/var/task",
            "AWS_LAMBDA_FUNCTION_NAME": function_name,
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "512",
            "AWS_XRAY_CONTEXT_MISSING": "LOG_ERROR",
        }
    )
    return env


def handler_modules() -> list[str]:
    """Every distinct module that a topology function's handler lives in, in topology order."""
    return list(dict.fromkeys(f.handler.rsplit(".", 1)[0] for f in TOPOLOGY.functions))
