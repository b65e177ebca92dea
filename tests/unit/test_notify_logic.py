"""Notify's rules on in-memory fakes: who hears what, what a webhook answer means, what staff may do."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from standardwebhooks.webhooks import Webhook

from services.notify.dal.delivery_log_table import DeliveriesTable
from services.notify.dal.exactly_once import OnceMessages
from services.notify.dal.message_templates import JinjaTemplates
from services.notify.dal.webhook_deliveries_table import WebhookDeliveries
from services.notify.dal.webhook_endpoints_table import Endpoints
from services.notify.dal.webhook_http import PinnedHttp
from services.notify.logic.announce import Notifier, announce
from services.notify.logic.dead_letter_notice import tell_about_dead_letter
from services.notify.logic.message_log import logged_as, mask
from services.notify.logic.ports import (
    DeliveryLog,
    HttpResult,
    Messages,
    Templates,
    WebhookDeliveryStore,
    WebhookEndpoints,
    WebhookHttp,
)
from services.notify.logic.retry_schedule import MAX_ATTEMPTS
from services.notify.logic.staff_requests import (
    MAX_ENDPOINTS_PER_AGENCY,
    agency_log,
    register_webhook,
    report_log,
    rotate_secret,
)
from services.notify.logic.webhook_attempt import LEASE, WebhookChannel, attempt, retry_due, verdict
from services.notify.logic.webhook_signing import ROTATION_OVERLAP
from services.notify.models import NotifySettings, WebhookDelivery
from shared.errors import Forbidden, InvalidInput, NotFound
from shared.events import EventType, ReportEvent
from shared.models import Agency, Category, Location, Report, Reporter, Status
from shared.principal import Principal
from tests.fakes import FakeDirectory, FakeReports
from tests.unit.notify_fakes import (
    FakeEndpoints,
    FakeHttp,
    FakeLog,
    FakeMessages,
    FakeTemplates,
    FakeWebhookDeliveries,
)

# mypy checks these: a fake or an adapter drifting from its Protocol fails `make typecheck`.
_endpoints: list[type[WebhookEndpoints]] = [FakeEndpoints, Endpoints]
_stores: list[type[WebhookDeliveryStore]] = [FakeWebhookDeliveries, WebhookDeliveries]
_http: list[type[WebhookHttp]] = [FakeHttp, PinnedHttp]
_logs: list[type[DeliveryLog]] = [FakeLog, DeliveriesTable]
_messages: list[type[Messages]] = [FakeMessages, OnceMessages]
_templates: list[type[Templates]] = [FakeTemplates, JinjaTemplates]

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
ACCEPT_DUE = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ANSWER_DUE = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
AGENCY = Agency(id="dien-luc", name="Điện lực", kind="company", emails=["dl@x.vn", "cskh@x.vn"])
SETTINGS = NotifySettings(
    operator_emails=["ioc@x.vn"], leader_emails=["boss@x.vn"], public_web_url="https://pa.vn"
)


class World:
    """A notifier wired to fakes, with one agency, one category and one report."""

    def __init__(self, reporter: Reporter | None = None, *answers: HttpResult) -> None:
        self.reports = FakeReports()
        self.directory = FakeDirectory()
        self.directory.put_agency(AGENCY)
        self.directory.put_category(Category(code="dien", name_vi="Điện", name_en="Power"))
        self.log = FakeLog()
        self.messages = FakeMessages(self.log)
        self.templates = FakeTemplates()
        self.endpoints = FakeEndpoints()
        self.store = FakeWebhookDeliveries()
        self.http = FakeHttp(*answers)
        self.dead: list[WebhookDelivery] = []
        self.webhooks = WebhookChannel(self.endpoints, self.store, self.http, self.log, self.dead.append)
        self.report = Report(
            id="PA-AAAA-BBBB",
            created_at=NOW,
            updated_at=NOW,
            channel="web",
            category="dien",
            description="Đèn hỏng",
            location=Location(lat=9.1, lon=105.1),
            reporter=reporter or Reporter(),
            status=Status.ASSIGNED,
            agency_id=AGENCY.id,
        )
        self.reports.reports[self.report.id] = self.report

    def notifier(self, attempt_now: Callable[[], bool] = lambda: True) -> Notifier:
        return Notifier(
            self.reports, self.directory, self.messages, self.templates, self.webhooks, SETTINGS, attempt_now
        )

    def event(self, type: EventType = EventType.ASSIGNED, **data: object) -> ReportEvent:
        """The event; an assignment as notify sees it once the SLA service has set its deadlines."""
        event = ReportEvent(
            type=type, source="t", report_id=self.report.id, actor="t", correlation_id="c", data=data
        )
        if type is EventType.ASSIGNED and self.report.id in self.reports.reports:
            self.set_deadlines(event)
        return event

    def set_deadlines(self, assigned: ReportEvent) -> None:
        self.report = self.report.model_copy(
            update={
                "sla_events": [assigned.event_id],
                "accept_due_at": ACCEPT_DUE,
                "answer_due_at": ANSWER_DUE,
            }
        )
        self.reports.reports[self.report.id] = self.report

    def delivery(self) -> WebhookDelivery:
        [delivery] = self.store.deliveries.values()
        return delivery


def sent_to(world: World) -> set[tuple[str, str]]:
    return {(d.recipient, d.channel) for d in world.messages.sent}


# Who hears what


def test_an_assignment_tells_the_agency_by_email_and_webhook_and_the_reporter() -> None:
    world = World(Reporter(email="nguyen@gmail.com"))
    endpoint = world.endpoints.create(AGENCY.id, "https://agency.example/hook")
    assert announce(world.event(agency_id=AGENCY.id), world.notifier()) == "announced"
    assert sent_to(world) == {("dl@x.vn", "email"), ("cskh@x.vn", "email"), ("nguyen@gmail.com", "email")}
    assert {m for m, _, _ in world.templates.rendered} == {"agency_assigned", "reporter_forwarded"}
    [(target, body, headers)] = world.http.posts
    assert target.address == "93.184.216.34" and target.host == "agency.example"
    assert (
        Webhook(endpoint.secrets[0].secret).verify(body, headers)["data"]["report"]["id"] == world.report.id
    )
    assert world.delivery().state == "delivered"


def test_an_assignment_told_before_its_deadlines_are_set_tells_the_agency_once_they_are() -> None:
    world = World(Reporter(email="nguyen@gmail.com"))
    world.endpoints.create(AGENCY.id, "https://agency.example/hook")
    assigned = ReportEvent(
        type=EventType.ASSIGNED,
        source="t",
        report_id=world.report.id,
        actor="t",
        correlation_id="c",
        data={"agency_id": AGENCY.id},
    )
    announce(assigned, world.notifier())
    assert sent_to(world) == {("nguyen@gmail.com", "email")}  # the reporter need not wait
    assert world.http.posts == []
    world.set_deadlines(assigned)
    started = world.event(
        EventType.SLA_STARTED,
        agency_id=AGENCY.id,
        assigned_event_id=assigned.event_id,
        accept_due_at=ACCEPT_DUE.isoformat(),
        answer_due_at=ANSWER_DUE.isoformat(),
    )
    assert announce(started, world.notifier()) == "announced"
    assert sent_to(world) == {("dl@x.vn", "email"), ("cskh@x.vn", "email"), ("nguyen@gmail.com", "email")}
    [context] = [c for m, _, c in world.templates.rendered if m == "agency_assigned"][:1]
    assert (context["accept_due_at"], context["answer_due_at"]) == ("16:00 23/11/2026", "17:00 07/12/2026")
    [(_, body, _)] = world.http.posts
    webhook = json.loads(body)
    assert webhook["type"] == "Report.Assigned" and webhook["data"]["event_id"] == assigned.event_id
    assert webhook["data"]["report"]["answer_due_at"] == ANSWER_DUE.isoformat()
    assert webhook["data"]["report"]["accept_due_at"] == ACCEPT_DUE.isoformat()
    announce(assigned, world.notifier())  # SQS delivers the assignment again: nothing new
    assert len(world.messages.sent) == 3 and len(world.http.posts) == 1


def test_an_assignment_committed_with_its_deadlines_is_told_once_on_report_assigned() -> None:
    world = World(Reporter(email="nguyen@gmail.com"))
    world.endpoints.create(AGENCY.id, "https://agency.example/hook")
    assigned = world.event(agency_id=AGENCY.id)  # the report records it applied, with its deadlines
    started = ReportEvent(
        type=EventType.SLA_STARTED,
        source="phananh.routing",  # the assigner's, in the same commit
        report_id=world.report.id,
        actor="system:sla",
        correlation_id="c",
        data={"agency_id": AGENCY.id, "assigned_event_id": assigned.event_id},
    )
    del world.reports.reports[world.report.id]  # whatever the report: Sla.Started is not read for
    assert announce(started, world.notifier()) == "nothing_to_tell"
    world.reports.reports[world.report.id] = world.report
    assert announce(assigned, world.notifier()) == "announced"
    assert sent_to(world) == {("dl@x.vn", "email"), ("cskh@x.vn", "email"), ("nguyen@gmail.com", "email")}
    [(_, body, _)] = world.http.posts
    assert json.loads(body)["data"]["report"]["answer_due_at"] == ANSWER_DUE.isoformat()
    assert announce(started, world.notifier()) == "nothing_to_tell"  # arriving last changes nothing
    assert len(world.messages.sent) == 3 and len(world.http.posts) == 1


def test_the_same_event_twice_sends_nothing_new() -> None:
    world = World(Reporter(email="nguyen@gmail.com"))
    world.endpoints.create(AGENCY.id, "https://agency.example/hook")
    event = world.event()
    announce(event, world.notifier())
    announce(event, world.notifier())
    assert len(world.messages.sent) == 3
    assert len(world.http.posts) == 1


def test_a_reporter_with_only_a_phone_gets_an_sms_and_the_log_masks_it() -> None:
    world = World(Reporter(phone="0912345678", language="en"))
    announce(world.event(EventType.SUBMITTED), world.notifier())
    [sms] = world.messages.sent
    assert (sms.channel, sms.text, sms.audience) == ("sms", "sms:reporter_received", "reporter")
    assert world.templates.rendered[0][1] == "en"
    [entry] = world.log.entries
    assert entry.recipient == mask("0912345678") == "091*****78"


def test_operators_and_leaders_come_from_the_settings() -> None:
    world = World()
    announce(world.event(EventType.NEEDS_TRIAGE), world.notifier())
    announce(world.event(EventType.SLA_ESCALATED), world.notifier())
    assert sent_to(world) == {("ioc@x.vn", "email"), ("boss@x.vn", "email")}


def test_templates_are_filled_in_the_reporters_language_with_local_times() -> None:
    world = World(Reporter(email="a@b.vn", language="en"))
    announce(world.event(EventType.CLOSED, answer="Đã sửa"), world.notifier())
    [(message, language, context)] = world.templates.rendered
    assert (message, language) == ("reporter_answered", "en")
    assert context["category_name"] == "Power" and context["answer"] == "Đã sửa"
    assert context["received_at"] == "10:00 23/11/2026"  # Vietnam time
    assert context["link"] == "https://pa.vn/r/PA-AAAA-BBBB"
    assert context["staff_link"] == "https://pa.vn/staff/r/PA-AAAA-BBBB"  # what staff emails open


def test_an_event_nobody_hears_of_or_a_missing_report_sends_nothing() -> None:
    world = World(Reporter(email="a@b.vn"))
    assert announce(world.event(EventType.ACCEPTED), world.notifier()) == "nothing_to_tell"
    world.reports.reports.clear()
    assert announce(world.event(), world.notifier()) == "report_missing"
    assert world.messages.sent == []


def test_a_submission_whose_reporter_left_no_contact_is_not_even_read() -> None:
    world = World(Reporter(email="a@b.vn"))
    reachable = world.event(EventType.SUBMITTED, reachable=True)
    assert announce(reachable, world.notifier()) == "announced"
    assert sent_to(world) == {("a@b.vn", "email")}
    world.reports.reports.clear()  # read, it would be "report_missing"
    unreachable = world.event(EventType.SUBMITTED, reachable=False)
    assert announce(unreachable, world.notifier()) == "nothing_to_tell"


def test_without_time_left_the_first_webhook_attempt_waits_for_the_retry_function() -> None:
    world = World()
    world.endpoints.create(AGENCY.id, "https://agency.example/hook")
    announce(world.event(), world.notifier(attempt_now=lambda: False))
    assert world.http.posts == [] and world.delivery().attempts == 0
    assert retry_due(world.webhooks, SETTINGS, now=datetime.now(UTC)) == {"delivered": 1}


# What a webhook answer means


def started(world: World) -> WebhookDelivery:
    world.endpoints.create(AGENCY.id, "https://agency.example/hook")
    announce(world.event(), world.notifier(attempt_now=lambda: False))
    return world.delivery()


def test_a_5xx_is_retried_on_the_schedule_with_the_same_webhook_id() -> None:
    world = World(None, HttpResult(status=503, latency_ms=5))
    delivery = started(world)
    assert attempt(delivery, world.webhooks, SETTINGS, NOW) == "retrying"
    pending = world.delivery()
    assert pending.due_at is not None and timedelta(seconds=5) <= pending.due_at - NOW <= timedelta(seconds=6)
    assert attempt(pending, world.webhooks, SETTINGS, pending.due_at) == "delivered"
    first, second = (headers["webhook-id"] for _, _, headers in world.http.posts)
    assert first == second == delivery.id
    assert [e.outcome for e in world.log.entries if e.channel == "webhook"] == ["retrying", "delivered"]


def test_410_disables_the_endpoint() -> None:
    world = World(None, HttpResult(status=410, latency_ms=5))
    delivery = started(world)
    assert attempt(delivery, world.webhooks, SETTINGS, NOW) == "disabled"
    [endpoint] = world.endpoints.endpoints.values()
    assert not endpoint.enabled and endpoint.disabled_reason == "410 Gone"
    assert retry_due(world.webhooks, SETTINGS, now=NOW + timedelta(days=2)) == {}


def test_the_last_attempt_goes_to_the_dead_letter_queue() -> None:
    world = World(None, *[HttpResult(status=500, latency_ms=1)] * MAX_ATTEMPTS)
    delivery = started(world)
    outcomes = []
    for _ in range(MAX_ATTEMPTS):
        outcomes.append(attempt(delivery, world.webhooks, SETTINGS, NOW))
        delivery = world.delivery()
    assert outcomes == ["retrying"] * (MAX_ATTEMPTS - 1) + ["dead"]
    assert [d.id for d in world.dead] == [delivery.id] and delivery.state == "dead"


def test_a_delivery_claimed_by_another_attempt_is_left_alone() -> None:
    world = World()
    delivery = started(world)
    world.store.refuse_saves = True
    assert attempt(delivery, world.webhooks, SETTINGS, NOW) == "taken"
    assert world.http.posts == []


def test_an_address_the_ssrf_guard_refuses_is_never_called_and_retried() -> None:
    world = World()
    world.http.addresses["agency.example"] = ["169.254.169.254"]
    delivery = started(world)
    assert attempt(delivery, world.webhooks, SETTINGS, NOW) == "retrying"
    assert world.http.posts == [] and world.delivery().last_error == "address_not_allowed"


def test_a_claim_holds_the_delivery_for_the_lease() -> None:
    world = World()
    delivery = started(world)
    world.http.answers = []
    claimed = delivery.model_copy(update={"attempts": 1, "due_at": NOW + LEASE})
    world.store.deliveries[delivery.id] = claimed  # an attempt that crashed after claiming
    assert retry_due(world.webhooks, SETTINGS, now=NOW + LEASE / 2) == {}
    assert retry_due(world.webhooks, SETTINGS, now=NOW + LEASE) == {"delivered": 1}


def test_retry_after_longer_than_the_schedule_is_honoured() -> None:
    state, due = verdict(HttpResult(status=429, latency_ms=1, retry_after="3600"), 1, NOW)
    assert state == "retrying" and due == NOW + timedelta(hours=1)
    assert verdict(HttpResult(status=204, latency_ms=1), 1, NOW) == ("delivered", None)
    assert verdict(HttpResult(status=302, latency_ms=1), MAX_ATTEMPTS, NOW) == ("dead", None)


# Dead letters


def test_a_dead_letter_tells_the_agency_and_the_operators_once_each() -> None:
    world = World(None, *[HttpResult(status=500, latency_ms=1)] * MAX_ATTEMPTS)
    delivery = started(world)
    for _ in range(MAX_ATTEMPTS):
        attempt(world.delivery(), world.webhooks, SETTINGS, NOW)
    for _ in range(2):
        told = tell_about_dead_letter(
            delivery.id, world.store, world.directory, world.messages, world.templates, SETTINGS
        )
        assert told
    assert sent_to(world) == {("dl@x.vn", "email"), ("cskh@x.vn", "email"), ("ioc@x.vn", "email")}
    assert world.templates.rendered[-1][2]["last_outcome"] == "HTTP 500"
    assert not tell_about_dead_letter(
        "msg_x", world.store, world.directory, world.messages, world.templates, SETTINGS
    )


# What staff may do


ADMIN = Principal(subject="a", username="adm", groups=frozenset({"admin"}))
AGENCY_STAFF = Principal(subject="s", username="dl", groups=frozenset({"agency:dien-luc"}))
OTHER_AGENCY = Principal(subject="o", username="xd", groups=frozenset({"agency:so-xay-dung"}))


def public(host: str, port: int) -> list[str]:
    return ["93.184.216.34"]


def test_only_admins_register_and_rotate_webhooks() -> None:
    world = World()
    with pytest.raises(Forbidden):
        register_webhook(
            AGENCY_STAFF, AGENCY.id, "https://a.example/h", world.endpoints, world.directory, public, False
        )
    created = register_webhook(
        ADMIN, AGENCY.id, "https://a.example/h", world.endpoints, world.directory, public, False
    )
    assert created.secret.startswith("whsec_")
    with pytest.raises(Forbidden):
        rotate_secret(AGENCY_STAFF, AGENCY.id, created.id, world.endpoints)
    rotated = rotate_secret(ADMIN, AGENCY.id, created.id, world.endpoints)
    assert rotated.secret != created.secret
    [endpoint] = world.endpoints.endpoints.values()
    assert endpoint.signing_secrets(NOW) == [rotated.secret, created.secret]
    assert endpoint.signing_secrets(rotated.previous_secret_valid_until) == [rotated.secret]
    assert rotated.previous_secret_valid_until - endpoint.secrets[0].created_at == ROTATION_OVERLAP


def test_a_refused_url_or_one_endpoint_too_many_is_invalid_input() -> None:
    world = World()

    def private(host: str, port: int) -> list[str]:
        return ["10.0.0.1"]

    with pytest.raises(InvalidInput) as refused:
        register_webhook(
            ADMIN, AGENCY.id, "https://a.example/h", world.endpoints, world.directory, private, False
        )
    assert refused.value.fields == {"url": "address_not_allowed"}
    for _ in range(MAX_ENDPOINTS_PER_AGENCY):
        world.endpoints.create(AGENCY.id, "https://a.example/h")
    with pytest.raises(InvalidInput):
        register_webhook(
            ADMIN, AGENCY.id, "https://a.example/h", world.endpoints, world.directory, public, False
        )
    with pytest.raises(NotFound):
        register_webhook(
            ADMIN, "nobody", "https://a.example/h", world.endpoints, world.directory, public, False
        )


def test_agency_staff_read_only_their_agencys_entries() -> None:
    world = World(Reporter(email="nguyen@gmail.com"))
    announce(world.event(), world.notifier())
    entries = report_log(AGENCY_STAFF, world.report.id, world.reports, world.log, 50)
    assert {e.audience for e in entries} == {"agency"} and len(entries) == 2
    everyone = report_log(ADMIN, world.report.id, world.reports, world.log, 50)
    assert "n***@gmail.com" in {e.recipient for e in everyone}
    with pytest.raises(NotFound):
        report_log(OTHER_AGENCY, world.report.id, world.reports, world.log, 50)
    with pytest.raises(NotFound):
        agency_log(OTHER_AGENCY, AGENCY.id, world.directory, world.log, 50)
    assert agency_log(AGENCY_STAFF, AGENCY.id, world.directory, world.log, 50) == entries


def test_only_reporters_addresses_are_masked() -> None:
    assert logged_as("nguyen@gmail.com", "reporter") == "n***@gmail.com"
    assert logged_as("+84912345678", "reporter") == "+84*******78"
    assert logged_as("dl@x.vn", "agency") == "dl@x.vn"
