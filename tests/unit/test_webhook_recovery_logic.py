"""A failed webhook attempt asks to be woken when its retry is due; a wake-up attempts only a delivery
still waiting and due; an operator's redrive revives a given-up delivery (same id, fresh schedule)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from services.notify.logic.ports import HttpResult, RetryWakeUp
from services.notify.logic.retry_schedule import MAX_ATTEMPTS
from services.notify.logic.webhook_attempt import LEASE, attempt, attempt_if_due
from services.notify.logic.webhook_redrive import redrive_delivery
from tests.unit.notify_fakes import FakeWakeUps
from tests.unit.test_notify_logic import NOW, SETTINGS, World, started

_: type[RetryWakeUp] = FakeWakeUps


def waking(world: World) -> FakeWakeUps:
    wake_ups = FakeWakeUps()
    world.webhooks = replace(world.webhooks, wake_up=wake_ups)
    return wake_ups


def test_a_failed_attempt_asks_to_be_woken_when_its_retry_is_due() -> None:
    world = World(None, HttpResult(status=503, latency_ms=5))
    wake_ups = waking(world)
    delivery = started(world)
    assert attempt(delivery, world.webhooks, SETTINGS, NOW) == "retrying"
    [(woken, due)] = wake_ups.asked
    assert woken == delivery.id and due == world.delivery().due_at
    assert timedelta(seconds=5) <= due - NOW <= timedelta(seconds=6)


def test_a_delivered_attempt_asks_for_nothing() -> None:
    world = World()
    wake_ups = waking(world)
    assert attempt(started(world), world.webhooks, SETTINGS, NOW) == "delivered"
    assert wake_ups.asked == []


def test_a_wake_up_attempts_only_a_delivery_still_waiting_and_due() -> None:
    world = World(None, HttpResult(status=503, latency_ms=5))
    delivery = started(world)
    attempt(delivery, world.webhooks, SETTINGS, NOW)
    due = world.delivery().due_at
    assert due is not None
    assert attempt_if_due(delivery.id, world.webhooks, SETTINGS, due - timedelta(seconds=1)) == "not_due"
    assert attempt_if_due("msg_unknown", world.webhooks, SETTINGS, due) == "not_due"
    assert attempt_if_due(delivery.id, world.webhooks, SETTINGS, due) == "delivered"
    assert attempt_if_due(delivery.id, world.webhooks, SETTINGS, due + LEASE) == "not_due"
    assert len(world.http.posts) == 2


def test_a_given_up_delivery_is_redriven_with_a_fresh_schedule_and_its_id() -> None:
    world = World(None, *[HttpResult(status=500, latency_ms=1)] * MAX_ATTEMPTS)
    delivery = started(world)
    for _ in range(MAX_ATTEMPTS):
        attempt(world.delivery(), world.webhooks, SETTINGS, NOW)
    assert world.delivery().state == "dead"
    assert redrive_delivery(delivery.id, world.store, NOW) == "redriven"
    revived = world.delivery()
    assert (revived.id, revived.state, revived.attempts, revived.due_at) == (delivery.id, "pending", 0, NOW)
    assert redrive_delivery(delivery.id, world.store, NOW) == "not_dead"
    assert attempt(revived, world.webhooks, SETTINGS, NOW) == "delivered"
    assert redrive_delivery("msg_unknown", world.store, NOW) == "unknown"
