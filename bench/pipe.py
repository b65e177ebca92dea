"""The outbox pipe in the bench: the local run's pipe (infra/local/outbox_pipe.py), with its calls labelled
as EventBridge Pipes' rather than our code's.

Its PutEvents count under PIPE (priced as Pipes requests and custom events); its enrichment is counted as
an invocation of the pipe's Lambda (priced at its memory size); its stream reads are not counted at all:
Pipes polls each shard a few times a second whatever the traffic, a fixed cost, not a report's.
"""

from __future__ import annotations

from typing import Any

from bench.aws_calls import PIPE, ApiCalls
from bench.emulator import Emulator
from infra.local.outbox_pipe import LocalPipe, outbox_pipes
from infra.topology import TOPOLOGY, StreamPipe


def enrichment_name(pipe: StreamPipe) -> str:
    """The enrichment Lambda's name in the invocations (and the alarms: infra/stack.py)."""
    return f"{pipe.name}-enrichment"


def enrichment_memory(function: str) -> int | None:
    return next((p.enrichment_memory_mb for p in TOPOLOGY.pipes if enrichment_name(p) == function), None)


class _UncountedReads:
    """The stream client: every call (iterators, records) made with the count paused."""

    def __init__(self, client: Any, calls: ApiCalls) -> None:
        self._client, self._calls = client, calls

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._client, name)

        def uncounted(**params: Any) -> Any:
            with self._calls.paused():
                return method(**params)

        return uncounted


class CountedPipe:
    def __init__(self, pipe: LocalPipe, calls: ApiCalls) -> None:
        self.pipe, self.calls = pipe, calls
        pipe.streams = _UncountedReads(pipe.streams, calls)
        enrich, name = pipe.enrich, enrichment_name(pipe.pipe)

        def counted(records: list[dict[str, Any]], context: Any) -> list[dict[str, Any]]:
            with calls.caller(name):
                return enrich(records, context)

        pipe.enrich = counted

    def drain(self) -> int:
        with self.calls.label(PIPE):
            return self.pipe.drain()

    def skip_what_was_written(self) -> None:
        """From now on only: what earlier sections stored (and deleted since) is none of the next one's."""
        with self.calls.paused():
            self.pipe.start_at("LATEST")


def counted_pipes(emulator: Emulator, calls: ApiCalls) -> list[CountedPipe]:
    """From now on (LATEST), as the local run starts them."""
    with calls.paused():
        pipes = outbox_pipes(emulator.session, TOPOLOGY, emulator.resources, lambda _: None)
    return [CountedPipe(pipe, calls) for pipe in pipes]
