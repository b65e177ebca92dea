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


def handler_modules() -> list[str]:
    """Every distinct module that a topology function's handler lives in, in topology order."""
    return list(dict.fromkeys(f.handler.rsplit(".", 1)[0] for f in TOPOLOGY.functions))
