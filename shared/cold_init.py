"""Python's cyclic garbage collector paused while a Lambda container imports its handler module (the
function's init), and the objects that import made left out of every later collection.

Why: importing a handler allocates ~150 000 objects that live as long as the container (modules, classes,
pydantic's schemas and validators, botocore's loaders) and next to no garbage, while the collector, run
every 700 allocations, scans that growing heap again and again for nothing: ~50 ms of CPU of a handler's
~300 ms cold import (bench/cold_start.py, with and without; docs/decisions.md, cold). `gc.freeze()` is
Python's documented way to move long-lived objects out of the collector's reach: the collections that
requests trigger later do not scan them either. Nothing is deferred: collection resumes, as Python sets it,
once the handler module is imported.

Only in Lambda (its own variables set): the tests and the local runner import many handlers into one
process, and keep the collector as Python runs it.
"""

from __future__ import annotations

import gc
import os


def _in_lambda() -> bool:
    return bool(os.environ.get("AWS_LAMBDA_FUNCTION_NAME") and os.environ.get("LAMBDA_TASK_ROOT"))


def pause_collection() -> None:
    """Run by each service's `handlers/__init__.py`, which Python imports before any handler module."""
    if _in_lambda():
        gc.disable()


def init_done() -> None:
    """The last line of each handler module: what its import made is frozen, collection resumes."""
    if _in_lambda() and not gc.isenabled():
        gc.freeze()
        gc.enable()
