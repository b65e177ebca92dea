"""The AWS calls one report costs, from `POST /v1/reports` to the agency's email.

The intake handler is called once; then the outbox pipe relays what the commits stored to the bus (the
local run's pipe, as EventBridge Pipes would: bench/pipe.py) and each topology queue is pumped with the
local runner's own QueuePoller and Invoker, as Lambda's event source mapping would, until SES has sent
the email and every queue is empty (the SLA worker consumes the same Report.Assigned event: its calls show
in the table, the path figure leaves them out, bench/figures.py). Each invocation is labelled with its
function, so the counts split into our code and AWS's (queue plumbing, the outbox pipe).
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from bench.aws_calls import ApiCalls, Call
from bench.emulator import Emulator
from bench.pipe import counted_pipes
from bench.sink import quiet
from bench.submit import intake_function, request
from infra.local.invoker import Invoker
from infra.local.pollers import QueuePoller
from infra.topology import TOPOLOGY, Function

TIMEOUT_S = 30.0  # a failed record reappears after the visibility timeout; give it a few tries
IDLE_S = 0.1


@dataclass
class ReportCost:
    calls: Counter[Call]
    emails: int  # one per address the agency has


class LabelledInvoker(Invoker):
    """An Invoker whose AWS calls are counted under its function's name."""

    def __init__(self, function: Function, region: str, calls: ApiCalls) -> None:
        super().__init__(function, region)
        self.calls = calls

    def __call__(self, event: dict[str, Any]) -> Any:
        with self.calls.caller(self.function.name):
            return super().__call__(event)


class Flow:
    def __init__(self, emulator: Emulator, calls: ApiCalls) -> None:
        self.emulator, self.calls = emulator, calls
        self.sqs = emulator.session.client("sqs")
        with quiet():
            self.intake = LabelledInvoker(intake_function(), emulator.region, calls)
            self.pollers = [self._poller(q.name) for q in TOPOLOGY.queues]
        self.pipes = counted_pipes(emulator, calls)

    def _poller(self, queue: str) -> QueuePoller:
        consumer = TOPOLOGY.consumer_of(queue)
        return QueuePoller(
            self.sqs,
            queue,
            self.emulator.resources.queue_urls[queue],
            TOPOLOGY.queue(queue).batch_size,
            LabelledInvoker(consumer, self.emulator.region, self.calls),
            self.emulator.region,
            lambda _line: None,  # the poller narrates each message; the figures are enough
        )

    def _backlog(self) -> dict[str, tuple[int, int]]:
        """Visible and in-flight messages per queue, asked outside the counted window, once the outbox
        pipe has put on the bus what the commits so far stored."""
        self._relay()
        with self.calls.paused():
            backlog = {}
            for poller in self.pollers:
                attributes = self.sqs.get_queue_attributes(
                    QueueUrl=poller.url,
                    AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
                )["Attributes"]
                backlog[poller.queue] = (
                    int(attributes["ApproximateNumberOfMessages"]),
                    int(attributes["ApproximateNumberOfMessagesNotVisible"]),
                )
            return backlog

    def settle(self) -> None:
        """Runs every consumer until each queue is empty, as the event source mappings would."""
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            backlog = self._backlog()
            if not any(v or f for v, f in backlog.values()):
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"queues not empty after {TIMEOUT_S:.0f} s: {backlog}")
            ready = [p for p in self.pollers if backlog[p.queue][0]]
            for poller in ready:
                self._poll(poller)
            if not ready:
                time.sleep(IDLE_S)

    def _poll(self, poller: QueuePoller) -> None:
        """One batch to its worker; then what the worker's commit stored is on the bus, as the outbox pipe
        puts it there within a moment (the next poller of the round may then take it with its own)."""
        poller.poll_once()
        self._relay()

    def _relay(self) -> None:
        for pipe in self.pipes:
            pipe.drain()

    def one_report(self) -> ReportCost:
        """The calls of one report; raises if the email is not sent within TIMEOUT_S."""
        if any(visible or in_flight for visible, in_flight in self._backlog().values()):
            raise RuntimeError("queues are not empty before the report: its figures would be mixed")
        emails_before = self.emulator.emails_sent()
        event, _context = request(self.intake.function, self.emulator.region)
        deadline = time.monotonic() + TIMEOUT_S
        with quiet(), self.calls.window() as counted:
            response = self.intake(event)
            if response.get("statusCode") != 201:
                raise RuntimeError(f"POST /v1/reports answered {response.get('statusCode')}")
            while True:
                backlog = self._backlog()
                emailed = self.emulator.emails_sent() > emails_before
                if emailed and not any(v or f for v, f in backlog.values()):
                    return ReportCost(calls=counted, emails=self.emulator.emails_sent() - emails_before)
                if time.monotonic() > deadline:
                    raise RuntimeError(f"no email after {TIMEOUT_S:.0f} s; queues: {backlog}")
                # Only queues with visible messages are polled: an empty long poll would add a call
                # (and a second) that says more about the harness than about the report.
                ready = [p for p in self.pollers if backlog[p.queue][0]]
                for poller in ready:
                    self._poll(poller)
                if not ready:
                    time.sleep(IDLE_S)
