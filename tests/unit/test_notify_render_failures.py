"""A message whose template fails holds back none of its event's other messages: they are sent (and the
webhooks started), the event fails so it is retried, and a retry sends only what is still missing."""

from __future__ import annotations

import pytest

from services.notify.logic.announce import announce
from services.notify.logic.dead_letter_notice import tell_about_dead_letter
from services.notify.logic.ports import HttpResult
from services.notify.logic.render_failures import MessagesNotRendered, Unrendered
from services.notify.logic.retry_schedule import MAX_ATTEMPTS
from services.notify.logic.webhook_attempt import attempt
from shared.models import Reporter
from tests.unit.test_notify_from_event import AGENCY_ADDRESSES, rated
from tests.unit.test_notify_logic import AGENCY, NOW, SETTINGS, World, sent_to, started

REPORTER = Reporter(name="Nguyễn Văn Dân", email="dan.nguyen@gmail.com", phone="0912345678", language="en")


def test_a_broken_english_template_still_tells_the_agency_and_the_retry_sends_only_the_reporters() -> None:
    world = World(REPORTER)
    world.endpoints.create(AGENCY.id, "https://agency.example/hook")
    world.templates.broken.add(("reporter_forwarded", "en"))
    event = world.event(agency_id=AGENCY.id)
    with pytest.raises(MessagesNotRendered) as failed:
        announce(event, world.notifier())
    assert failed.value.unrendered == (
        Unrendered("reporter_forwarded", "reporter", "email", "en", "ValueError"),
    )
    assert sent_to(world) == AGENCY_ADDRESSES
    assert len(world.http.posts) == 1 and world.delivery().state == "delivered"

    with pytest.raises(MessagesNotRendered):  # SQS's retry, the template still broken
        announce(event, world.notifier())
    assert sent_to(world) == AGENCY_ADDRESSES
    assert len(world.http.posts) == 1 and len(world.store.deliveries) == 1

    world.templates.broken.clear()  # the template fixed: the next retry sends the missing message alone
    assert announce(event, world.notifier()) == "announced"
    assert [(d.audience, d.recipient) for d in world.messages.sent] == [
        ("agency", "dl@x.vn"),
        ("agency", "cskh@x.vn"),
        ("reporter", "dan.nguyen@gmail.com"),
    ]
    assert sorted(e.channel for e in world.log.entries) == ["email", "email", "email", "webhook"]
    assert len(world.http.posts) == 1


def test_the_failure_names_the_message_never_the_reporter_nor_the_report() -> None:
    world = World(REPORTER)
    world.templates.broken.add(("reporter_forwarded", "en"))  # its error quotes the report it was filled with
    with pytest.raises(MessagesNotRendered) as failed:
        announce(world.event(agency_id=AGENCY.id), world.notifier())
    text = str(failed.value)
    assert "reporter_forwarded for reporter by email in en (ValueError)" in text
    assert f"Report.Assigned of {world.report.id}" in text
    for private in ("dan.nguyen", "Nguyễn", "0912345678", world.report.description):
        assert private not in text


def test_a_broken_agency_email_still_tells_the_reporter_by_sms_and_starts_the_webhook() -> None:
    world = World(Reporter(phone="0912345678"))
    world.endpoints.create(AGENCY.id, "https://agency.example/hook")
    world.templates.broken.add(("agency_assigned", "vi"))
    with pytest.raises(MessagesNotRendered) as failed:
        announce(world.event(agency_id=AGENCY.id), world.notifier())
    assert [str(u) for u in failed.value.unrendered] == [
        "agency_assigned for agency by email in vi (ValueError)"
    ] * 2
    assert sent_to(world) == {("0912345678", "sms")}
    assert world.delivery().state == "delivered"


def test_a_rating_told_from_its_event_fails_and_is_sent_once_its_template_renders() -> None:
    world = World()
    world.reports.reports.clear()
    world.templates.broken.add(("agency_rated", "vi"))
    event = rated(world)
    with pytest.raises(MessagesNotRendered, match="agency_rated for agency by email in vi"):
        announce(event, world.notifier())
    assert world.messages.sent == []
    world.templates.broken.clear()
    assert announce(event, world.notifier()) == "announced"
    assert sent_to(world) == AGENCY_ADDRESSES


def test_a_dead_letter_whose_agency_email_is_broken_still_tells_the_operators() -> None:
    world = World(None, *[HttpResult(status=500, latency_ms=1)] * MAX_ATTEMPTS)
    delivery_id = started(world).id
    for _ in range(MAX_ATTEMPTS):
        attempt(world.delivery(), world.webhooks, SETTINGS, NOW)
    assert world.dead  # given up: its dead letter comes to notify-dead-letters
    world.templates.broken.add(("agency_webhook_failed", "vi"))

    def tell() -> bool:
        return tell_about_dead_letter(
            delivery_id, world.store, world.directory, world.messages, world.templates, SETTINGS
        )

    def told() -> list[str]:
        return [d.recipient for d in world.messages.sent if d.event_type == "Webhook.DeadLettered"]

    with pytest.raises(MessagesNotRendered, match="agency_webhook_failed for agency by email in vi"):
        tell()
    assert told() == ["ioc@x.vn"]
    world.templates.broken.clear()
    assert tell()
    assert told() == ["ioc@x.vn", "dl@x.vn", "cskh@x.vn"]
