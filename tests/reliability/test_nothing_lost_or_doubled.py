"""Under injected AWS faults (20% of every call before it lands, 5% of writes after) and every SQS message
delivered three times, nothing a citizen or an agency relies on is lost or doubled (conftest.scenario)."""

from __future__ import annotations

from collections import Counter

from infra.seed import read_seed
from tests.reliability.conftest import Run, covered
from tests.reliability.workload import POISON

ROUTED = {"assigned", "in_progress", "resolved", "closed"}
DONE = {"closed"}


def _agency_emails() -> dict[str, list[str]]:
    return {a.id: [str(e) for e in a.emails] for a in read_seed().agencies}


def _copies(run: Run) -> Counter[tuple[str, str, str]]:
    """Each distinct message (recipient, subject, text) and how many times the emulator accepted it."""
    return Counter((m["to"][0], m["subject"], m["body"]) for m in run.messages)


def test_every_report_exists_once_and_is_routed_or_in_triage(run: Run) -> None:
    ids = run.outcome.ids
    assert not run.outcome.seen.gave_up, run.outcome.seen.gave_up
    assert len(ids) == len(run.outcome.submissions)
    assert len(set(ids.values())) == len(ids)  # one report per key, retries included
    assert set(run.reports) == set(ids.values())  # and none the client was not told about
    stuck = {r: t.status for r, t in run.reports.items() if t.status not in ROUTED | {"triage"}}
    assert not stuck
    assert {r: t.events["Report.Submitted"] for r, t in run.reports.items()} == dict.fromkeys(run.reports, 1)


def test_staff_work_went_through(run: Run) -> None:
    assert run.outcome.published
    assert all(run.reports[r].status == "closed" for r in run.outcome.published)


def _contact(address: str) -> str:
    """An email address as is; a phone number as the reporter typed it (SMS go to +84…)."""
    return f"0{address[3:]}" if address.startswith("+84") else address


def test_each_reporter_hears_each_step_once(run: Run) -> None:
    """Received; forwarded when routed; answered when published — each once, beyond the SES boundary."""
    heard = Counter(_contact(to) for (to, _, _) in _copies(run))
    contact = {run.outcome.ids[s.key]: s.contact for s in run.outcome.submissions}
    expected = {contact[r]: 1 + (t.status in ROUTED) + (t.status in DONE) for r, t in run.reports.items()}
    assert {c: heard[c] for c in expected} == expected


def test_each_agency_address_hears_of_each_assignment_once(run: Run) -> None:
    emails = _agency_emails()
    subjects = Counter((to, subject) for (to, subject, _) in _copies(run))
    for report_id, timeline in run.reports.items():
        if timeline.agency_id:
            for address in emails[timeline.agency_id]:
                found = [n for (to, subject), n in subjects.items() if to == address and report_id in subject]
                assert found == [1], (report_id, address, found)


def test_repeated_messages_are_only_the_documented_ses_boundary(run: Run) -> None:
    """A send that took effect but answered an error (the 'after' faults on SendEmail and Publish) is sent
    again on retry: decisions.md §6's boundary. Measured, and bounded by those faults; nothing else
    repeats."""
    repeated = {m[:2]: n for m, n in _copies(run).items() if n > 1}
    injected = run.faults["injected"]
    boundary = injected.get("ses.SendEmail after", 0) + injected.get("sns.Publish after", 0)
    assert sum(repeated.values()) - len(repeated) <= boundary, (repeated, boundary)


def test_each_assignment_reaches_the_agency_webhook_once(run: Run) -> None:
    """One delivery per (event, endpoint); each delivered, with one webhook-id at the receiver, or booked
    for its next attempt (an attempt the faults broke waits for the retry schedule): none lost, none dead."""
    per_event = Counter((d["event_id"], d["endpoint_id"]) for d in run.deliveries)
    assert max(per_event.values()) == 1
    received = {w["webhook_id"] for w in run.webhooks}
    assert all(w["verified"] for w in run.webhooks)
    assert max(Counter((w["type"], w["report_id"]) for w in run.webhooks).values()) == 1
    for delivery in run.deliveries:
        if delivery["state"] == "delivered":
            assert delivery["id"] in received, delivery["id"]
        else:
            assert delivery["state"] == "pending" and delivery.get("due_at"), delivery
    demo = {r for r, t in run.reports.items() if t.agency_id == run.outputs["demo_webhook_agency"]}
    assigned = {d["report_id"] for d in run.deliveries if d["event_type"] == "Report.Assigned"}
    assert demo and assigned == demo


def test_every_sla_event_once(run: Run) -> None:
    for report_id, timeline in run.reports.items():
        assert max(timeline.event_ids.values()) == 1, report_id  # no event stored twice
        routed = timeline.status in ROUTED
        assert timeline.events["Report.Assigned"] == routed, report_id
        assert timeline.events["Sla.Started"] == routed, report_id


def test_statistics_equal_a_direct_recount(run: Run) -> None:
    assert run.stats_exit == 0, run.stats_output


def test_dead_letter_queues_hold_only_the_poisoned_messages(run: Run) -> None:
    assert run.dead_letters == {"routing": [POISON[0]], "sla": [POISON[1]]}


def test_the_faults_covered_every_operation_the_handlers_called(run: Run) -> None:
    called = set(run.faults["calls"])
    assert called <= covered(), called - covered()
    injected = run.faults["injected"]
    assert injected.get("dynamodb.TransactWriteItems after") and injected.get("dynamodb.Query before")
    # The handlers never put report events on the bus themselves: the outbox pipe (AWS's part) does.
    assert "events.PutEvents" not in called
