"""Where an operator's command finds the system when nothing says: the local run (`make run`).

The runner writes `outputs.json` (in `PHANANH_LOCAL_DIR`, default `.local/`) with the environment it gave
the handlers: the emulator's endpoint, the region and every table, queue and bus name. A command run from
a shell with none of those settings uses that environment; one whose environment names an endpoint or a
table (a deployment, a test) is left alone.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import MutableMapping
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
# Any of these set: the caller said where the system is.
SAYS_WHERE = ("AWS_ENDPOINT_URL", "REPORTS_TABLE", "STATS_TABLE", "AWS_PROFILE", "AWS_ACCESS_KEY_ID")


class NoLocalRun(SystemExit):
    """Raised with a message for people: no environment given and no local run to use."""


def outputs_path(env: MutableMapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    return Path(env.get("PHANANH_LOCAL_DIR") or ROOT / ".local") / "outputs.json"


def read_outputs(env: MutableMapping[str, str] | None = None) -> dict[str, object]:
    path = outputs_path(env)
    if not path.is_file():
        raise NoLocalRun(
            f"No local run found ({path} does not exist). Start one with `make run` in another terminal, "
            "or set AWS_ENDPOINT_URL / the table names (REPORTS_TABLE, STATS_TABLE, …) and credentials "
            "to work on a deployment."
        )
    outputs: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    endpoint = str(outputs.get("aws_endpoint_url", ""))
    if not _answers(endpoint):
        raise NoLocalRun(
            f"The local run described in {path} is not running (nothing answers at {endpoint}). "
            "Start it with `make run` in another terminal."
        )
    return outputs


def use_local_run(env: MutableMapping[str, str] | None = None) -> bool:
    """Points this process at the local run unless its environment already says where the system is.
    Returns True when it did; raises NoLocalRun (a SystemExit with the reason) when there is none."""
    env = os.environ if env is None else env
    if any(env.get(name) for name in SAYS_WHERE):
        return False
    outputs = read_outputs(env)
    environment = outputs.get("environment")
    if not isinstance(environment, dict):
        raise NoLocalRun(f"{outputs_path(env)} predates this command: restart `make run` to rewrite it.")
    region = str(outputs["region"])
    env.update({str(k): str(v) for k, v in environment.items()})
    env.update(
        AWS_ENDPOINT_URL=str(outputs["aws_endpoint_url"]),
        AWS_REGION=region,
        AWS_DEFAULT_REGION=region,
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",  # noqa: S106 - the emulator's fixed dummy credentials
        AWS_ACCOUNT_ID_ENDPOINT_MODE="disabled",
    )
    return True


def _answers(endpoint: str) -> bool:
    url = urlsplit(endpoint)
    if not url.hostname or not url.port:
        return False
    try:
        with socket.create_connection((url.hostname, url.port), timeout=2):
            return True
    except OSError:
        return False
