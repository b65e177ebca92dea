"""Events told from what they carry: a rating reaches its agency without the report being read, with the
same email, and the report is read when a webhook needs its body."""

from __future__ import annotations

import json

from services.notify.dal.message_templates import JinjaTemplates
from services.notify.logic.agency_view import agency_view
from services.notify.logic.announce import PLAN, announce
from services.notify.logic.told_from_event import CARRIED, carries_its_messages
from shared.events import EventType, ReportEvent
from tests.unit.test_notify_logic import AGENCY, World, sent_to

AGENCY_ADDRESSES = {("dl@x.vn", "email"), ("cskh@x.vn", "email")}


def rated(world: World, **data: object) -> ReportEvent:
    """A rating as the intake API emits it (services/intake/logic/rate.py)."""
    carried = {"satisfied": False, "score": 2, "agency_id": AGENCY.id, "category": "dien", **data}
    return world.event(EventType.RATED, **carried)


def test_a_rating_reaches_the_agency_without_reading_the_report() -> None:
    world = World()
    world.reports.reports.clear()  # read, it would be "report_missing" and nobody would hear
    assert announce(rated(world), world.notifier()) == "announced"
    assert sent_to(world) == AGENCY_ADDRESSES
    assert all(d.report_id == world.report.id and d.audience == "agency" for d in world.messages.sent)
    [(message, language, context), _] = world.templates.rendered
    assert (message, language) == ("agency_rated", "vi")
    assert context["agency_name"] == "Điện lực" and context["score"] == 2 and context["satisfied"] is False
    assert context["staff_link"] == "https://pa.vn/staff/r/PA-AAAA-BBBB"


def test_a_repeated_rating_sends_nothing_new() -> None:
    world = World()
    world.reports.reports.clear()
    event = rated(world)
    announce(event, world.notifier())
    announce(event, world.notifier())
    assert len(world.messages.sent) == 2 and len(world.log.entries) == 2


def test_the_rating_email_is_the_same_with_or_without_the_report() -> None:
    emails = []
    for with_webhook in (False, True):  # an endpoint makes notify read the report for the webhook's body
        world = World()
        world.templates = JinjaTemplates()  # type: ignore[assignment]
        if with_webhook:
            world.endpoints.create(AGENCY.id, "https://agency.example/hook")
        announce(rated(world, satisfied=True, score=5), world.notifier())
        emails.append([(d.recipient, d.subject, d.text, d.html) for d in world.messages.sent])
    assert emails[0] == emails[1]
    [(_, subject, text, _), _] = emails[0]
    assert subject == "[Phản ánh hiện trường] Đánh giá của người dân về phản ánh PA-AAAA-BBBB"
    assert "Kính gửi Điện lực" in text and "hài lòng (5/5)" in text


def test_an_agency_with_a_webhook_gets_the_report_it_sees_in_the_body() -> None:
    world = World()
    world.endpoints.create(AGENCY.id, "https://agency.example/hook")
    event = rated(world)
    assert announce(event, world.notifier()) == "announced"
    [(_, body, _)] = world.http.posts
    data = json.loads(body)["data"]
    assert data["report"] == agency_view(world.report) and data["event"]["score"] == 2
    world.reports.reports.clear()  # the body needs the report: without it, nothing is told
    assert announce(rated(world), world.notifier()) == "report_missing"


def test_a_disabled_endpoint_needs_no_report() -> None:
    world = World()
    endpoint = world.endpoints.create(AGENCY.id, "https://agency.example/hook")
    world.endpoints.disable(endpoint, "gone")
    world.reports.reports.clear()
    assert announce(rated(world), world.notifier()) == "announced"
    assert sent_to(world) == AGENCY_ADDRESSES and world.http.posts == []


def test_a_rating_without_what_its_email_says_is_told_from_the_report() -> None:
    world = World()
    world.reports.reports.clear()
    assert announce(world.event(EventType.RATED, satisfied=True), world.notifier()) == "report_missing"
    unknown_agency = rated(world, agency_id="nobody")
    assert announce(unknown_agency, world.notifier()) == "report_missing"


def test_only_events_that_reach_nobody_but_their_agency_are_told_without_the_report() -> None:
    assert all(n.audience == "agency" for t in CARRIED for n in PLAN[t])
    world = World()
    for reporter_hears in (EventType.SUBMITTED, EventType.ASSIGNED, EventType.CLOSED, EventType.REOPENED):
        assert not carries_its_messages(world.event(reporter_hears, agency_id=AGENCY.id, category="dien"))
