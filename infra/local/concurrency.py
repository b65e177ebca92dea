"""How many invocations of a function the local run lets run at once (LOCAL_CONCURRENCY).

In AWS a queue's event source mapping hands several batches to as many containers at once (at most
`MAX_CONSUMER_CONCURRENCY` per queue, infra/constructs/functions.py); the local pollers do the same, up
to LOCAL_CONCURRENCY batches per queue, each batch its own invocation. A function that declares a
reserved concurrency never gets more than that. API functions stay at one, and at one between them: the
local API serves a route through Powertools' resolver, which keeps the current event on its base class
(`BaseRouter.current_event`), shared by every resolver in the process; two API functions invoked at once
(in Lambda, two containers) would read each other's request.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence

from infra.topology import Function

DEFAULT = 1  # one batch at a time until a higher default is measured (docs/local-run.md, "Under load")
MAXIMUM = 16


def from_env(env: Mapping[str, str]) -> int:
    """LOCAL_CONCURRENCY, or the default; ValueError when outside 1..MAXIMUM or not a number."""
    value = int(env.get("LOCAL_CONCURRENCY") or DEFAULT)
    if not 1 <= value <= MAXIMUM:
        raise ValueError(f"LOCAL_CONCURRENCY must be between 1 and {MAXIMUM}, not {value}")
    return value


def invocations_at_once(function: Function, setting: int) -> int:
    """A queue worker: the setting, capped by the function's reserved concurrency; anything else: one."""
    if function.queue is None or function.routes:
        return 1
    if function.reserved_concurrency is not None:
        return max(1, min(setting, function.reserved_concurrency))
    return setting


def shared_slots(functions: Sequence[Function]) -> dict[str, threading.Semaphore]:
    """One admission for all API functions together (see the module's docstring), by function name;
    any other function admits its own invocations."""
    api = threading.BoundedSemaphore(1)
    return {f.name: api for f in functions if f.routes}
