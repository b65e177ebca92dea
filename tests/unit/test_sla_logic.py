"""The SLA service's decisions on in-memory adapters: clocks from events, the sweep, the statistics."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from services.sla.logic.clock_events import apply_clock_event
from services.sla.logic.deadline_sweep import sweep
from services.sla.logic.projection import Projected, project
from services.sla.logic.stats_facts import by_dimension, rows_of_cells
from services.sla.logic.stats_read import drill_down, read_stats
from services.sla.logic.stats_rebuild import check, rebuild
from shared.config import Settings
from shared.errors import Conflict
from shared.events import EventType, ReportEvent
from shared.ids import deterministic_event_id
from shared.models import Agency, Channel, Location, Report, Status
from shared.sla_policy import SlaSettings, policy_from
from shared.stats_change import COUNTED
from shared.working_time import add_working_days, add_working_hours
from tests.fakes import FakeDirectory, FakeReports, FakeStats
from tests.unit.sla_examples import MONDAY, RULES, power_directory


def a_report(reports: FakeReports, status: Status = Status.ASSIGNED) -> Report:
    report = Report(
        id="PA-TEST-0001",
        created_at=MONDAY,
        updated_at=MONDAY,
        channel=Channel.WEB,
        category="dien",
        description="x" * 20,
        location=Location(lat=9.1, lon=105.1, area_code="cm-1"),
        status=status,
        agency_id="dien-luc",
    )
    reports.reports[report.id] = report
    return report


def an_event(type_: EventType, at: datetime, **data: object) -> ReportEvent:
    return ReportEvent(
        type=type_,
        source="phananh.sla" if type_.value.startswith("Sla.") else "phananh.routing",
        report_id="PA-TEST-0001",
        occurred_at=at,
        actor="t",
        correlation_id="c",
        data=data,
    )


@pytest.fixture
def directory() -> FakeDirectory:
    return power_directory()


def test_the_settings_default_as_the_shared_configuration_does() -> None:
    defaults = {name: field.default for name, field in Settings.model_fields.items()}
    assert SlaSettings().model_dump() == {name: defaults[name] for name in SlaSettings.model_fields}


def test_an_assignment_starts_the_categorys_clocks_once(directory: FakeDirectory) -> None:
    reports = FakeReports()
    a_report(reports)
    assigned = an_event(EventType.ASSIGNED, MONDAY)
    saved = apply_clock_event(assigned, reports, directory, RULES)
    assert saved is not None and saved.sla_rev == 1 and saved.sla_events == [assigned.event_id]
    assert saved.accept_due_at == add_working_hours(MONDAY, 4)
    assert saved.answer_due_at == add_working_days(MONDAY, 3)
    # The agency is told the deadlines this assignment set, in an event tied to the assignment.
    [started] = reports.published
    assert started.type is EventType.SLA_STARTED and started.data["assigned_event_id"] == assigned.event_id
    assert started.data["accept_due_at"] == saved.accept_due_at.isoformat()
    assert started.data["answer_due_at"] == saved.answer_due_at.isoformat()
    assert apply_clock_event(assigned, reports, directory, RULES) is None  # a redelivery
    assert len(reports.published) == 1
    assert reports.reports[saved.id].sla_rev == 1


def test_a_stale_event_is_recorded_but_moves_no_clock(directory: FakeDirectory) -> None:
    reports = FakeReports()
    a_report(reports)
    apply_clock_event(an_event(EventType.ASSIGNED, MONDAY), reports, directory, RULES)
    before = reports.reports["PA-TEST-0001"]
    late = an_event(EventType.PROGRESS_NOTED, MONDAY - timedelta(hours=1), waiting_for_reporter=True)
    assert apply_clock_event(late, reports, directory, RULES) is None
    after = reports.reports["PA-TEST-0001"]
    assert after.paused_at is None and after.clocks == before.clocks
    assert late.event_id in after.sla_events and after.sla_rev == before.sla_rev + 1


def test_settings_passed_in_shape_the_deadlines(directory: FakeDirectory) -> None:
    reports = FakeReports()
    a_report(reports)
    tuesday = date(2026, 10, 6)
    rules = policy_from(SlaSettings(extra_days_off=[tuesday]))
    saved = apply_clock_event(an_event(EventType.ASSIGNED, MONDAY), reports, directory, rules)
    assert saved is not None and saved.answer_due_at is not None
    assert saved.answer_due_at == add_working_days(MONDAY, 4)  # Tuesday off: one more calendar day


def test_events_that_move_no_clock_are_ignored(directory: FakeDirectory) -> None:
    reports = FakeReports()
    a_report(reports)
    assert apply_clock_event(an_event(EventType.RATED, MONDAY), reports, directory, RULES) is None
    assert reports.reports["PA-TEST-0001"].sla_rev == 0


class AlwaysChanging(FakeReports):
    def commit(self, *args: object, **kwargs: object) -> None:
        raise self._conflict()


def test_a_report_that_keeps_changing_is_a_conflict(directory: FakeDirectory) -> None:
    reports = AlwaysChanging()
    a_report(reports)
    with pytest.raises(Conflict):
        apply_clock_event(an_event(EventType.ASSIGNED, MONDAY), reports, directory, RULES)


def test_the_sweep_emits_each_step_once_with_ids_derived_from_the_fact(directory: FakeDirectory) -> None:
    reports = FakeReports()
    a_report(reports)
    saved = apply_clock_event(an_event(EventType.ASSIGNED, MONDAY), reports, directory, RULES)
    assert saved is not None and saved.accept_due_at is not None
    later = saved.accept_due_at + timedelta(minutes=1)
    result = sweep(reports, now=later)
    assert (result.looked_at, result.warned, result.breached) == (1, 0, 1)  # no warning once past due
    breach = [e for e in reports.published if e.type is EventType.SLA_BREACHED]
    assert [e.data["deadline"] for e in breach] == ["accept"]
    due = saved.accept_due_at.isoformat()
    assert breach[0].event_id == deterministic_event_id(saved.id, "Sla.Breached", "accept", due)
    assert reports.reports[saved.id].sla_rev == saved.sla_rev + 1
    emitted = len(reports.published)
    sweep(reports, now=later)
    assert len(reports.published) == emitted  # nothing owed twice


def committed(reports: FakeReports, type_: EventType, at: datetime, **changes: object) -> ReportEvent:
    """An event committed with a change of the report, as every writer does (the store stamps it)."""
    report = reports.reports["PA-TEST-0001"]
    event = an_event(type_, at)
    changed = report.model_copy(update={"version": report.version + 1, **changes})
    reports.commit(changed, report.version, [event])
    return event


def test_the_projection_counts_each_event_once_without_reading_the_report() -> None:
    reports, stats = FakeReports(), FakeStats()
    a_report(reports)
    assigned = committed(reports, EventType.ASSIGNED, MONDAY)
    del reports.reports["PA-TEST-0001"]  # the event alone is enough
    assert project(assigned, stats, RULES.calendar) is Projected.COUNTED
    assert project(assigned, stats, RULES.calendar) is Projected.REPEAT  # a redelivery
    assert len(stats.counters("M#2026-10")) == 1  # one item: the report's cell (agency, category, area)
    month = by_dimension(rows_of_cells(stats.counters("M#2026-10")))
    assert month["agency#dien-luc"]["received"] == 1 and month["agency#dien-luc"]["assigned"] == 1
    assert month["category#dien"]["open"] == 1 and month["area#cm-1"]["open"] == 1
    assert project(an_event(EventType.ASSIGNED, MONDAY), stats, RULES.calendar) is Projected.UNCOUNTED


def test_events_counted_in_any_order_give_the_latest_figures_and_fact() -> None:
    reports, stats = FakeReports(), FakeStats()
    a_report(reports, Status.RECEIVED)
    events = [
        committed(reports, EventType.ASSIGNED, MONDAY, status=Status.ASSIGNED),
        committed(reports, EventType.ACCEPTED, MONDAY + timedelta(hours=1), status=Status.IN_PROGRESS),
        committed(reports, EventType.RESOLVED, MONDAY + timedelta(hours=2), status=Status.RESOLVED),
        committed(reports, EventType.CLOSED, MONDAY + timedelta(hours=3), status=Status.CLOSED),
    ]
    backwards = FakeStats()
    for event in events:
        project(event, stats, RULES.calendar)
    for event in reversed(events):
        project(event, backwards, RULES.calendar)
    assert backwards.all_counters() == stats.all_counters()
    assert list(backwards.facts("2026-10")) == list(stats.facts("2026-10"))
    [fact] = stats.facts("2026-10")
    assert fact["status"] == "closed" and fact["counts"]["closed"] == 1 and fact["counts"]["open"] == 0
    assert check(Archive(reports), backwards, RULES.calendar)[1] == []


def test_a_commit_that_moves_no_figure_writes_nothing() -> None:
    reports, stats = FakeReports(), FakeStats()
    a_report(reports)
    project(committed(reports, EventType.ASSIGNED, MONDAY), stats, RULES.calendar)
    before = dict(stats.items)
    warning = committed(reports, EventType.SLA_WARNING, MONDAY + timedelta(hours=1))
    assert project(warning, stats, RULES.calendar) is Projected.UNCHANGED
    assert stats.items == before


def test_figures_and_drill_down_read_the_store(directory: FakeDirectory) -> None:
    reports, stats = FakeReports(), FakeStats()
    a_report(reports)
    project(committed(reports, EventType.ASSIGNED, MONDAY), stats, RULES.calendar)
    figures = read_stats("2026-10", stats, directory)
    assert figures.province.received == 1
    assert [(row.id, row.name) for row in figures.by_agency] == [("dien-luc", "Điện lực")]
    assert read_stats("2026", stats, directory).province.assigned == 1
    found = drill_down("2026-10", stats, "assigned", agency="dien-luc")
    assert [view.report_id for view in found.reports] == ["PA-TEST-0001"] and not found.truncated
    assert drill_down("2026-10", stats, "resolved").total == 0


def test_combined_filters_sum_the_reports_matching_all_of_them(directory: FakeDirectory) -> None:
    reports, stats = FakeReports(), FakeStats()
    a_report(reports)
    project(committed(reports, EventType.ASSIGNED, MONDAY), stats, RULES.calendar)
    both = drill_down("2026-10", stats, None, agency="dien-luc", category="dien", area="cm-1")
    assert (both.figures.received, both.figures.assigned, both.figures.open) == (1, 1, 1)
    assert drill_down("2026-10", stats, "resolved", agency="dien-luc", category="dien").figures.received == 1
    assert drill_down("2026-10", stats, None, agency="dien-luc", category="giao_thong").figures.received == 0
    one = drill_down("2026-10", stats, None, agency="dien-luc").figures
    row = read_stats("2026-10", stats, directory).by_agency[0]
    assert one.model_dump() == row.model_dump(include=set(type(one).model_fields))  # the agency's own row


def a_fact(stats: FakeStats, report_id: str, agency: str, category: str, **counts: int) -> None:
    stats.items[("FACTS#2026-10", report_id)] = {
        "pk": "FACTS#2026-10", "sk": report_id, "day": "2026-10-05", "status": "resolved", "agency": agency,
        "category": category, "area": "cm-1", "counts": {"received": 1, **counts},
    }  # fmt: skip


def test_the_ranking_and_the_agencies_rows_follow_the_combined_filters(directory: FakeDirectory) -> None:
    stats = FakeStats()
    directory.put_agency(Agency(id="so-xay-dung", name="Sở Xây dựng", kind="department", emails=["x@b.vn"]))
    a_fact(stats, "PA-1", "dien-luc", "dien", resolved=1, late=1)
    a_fact(stats, "PA-2", "so-xay-dung", "dien", resolved=1, on_time=1)
    a_fact(stats, "PA-3", "dien-luc", "giao_thong", resolved=1, on_time=1)
    a_fact(stats, "PA-4", "dien-luc", "giao_thong")
    power = drill_down("2026-10", stats, None, 1, directory=directory, category="dien", area="cm-1")
    assert [(r.agency_id, r.name, r.on_time_rate) for r in power.ranking] == [
        ("so-xay-dung", "Sở Xây dựng", 1.0),
        ("dien-luc", "Điện lực", 0.0),
    ]
    assert [(row.id, row.received) for row in power.by_agency] == [("dien-luc", 1), ("so-xay-dung", 1)]
    roads = drill_down("2026-10", stats, "received", 1, directory=directory, category="giao_thong")
    assert [(row.id, row.received, row.resolved) for row in roads.by_agency] == [("dien-luc", 2, 1)]
    assert [(r.agency_id, r.on_time_rate) for r in roads.ranking] == [("dien-luc", 1.0)]
    assert roads.total == 2 and len(roads.reports) == 1  # `limit` cuts the list, not the figures


class Archive:
    def __init__(self, reports: FakeReports) -> None:
        self.fakes = reports

    def everything(self) -> tuple[dict[str, Report], dict[str, list[ReportEvent]]]:
        return dict(self.fakes.reports), {k: list(v) for k, v in self.fakes.events.items()}


def test_the_rebuild_agrees_with_the_live_projection_and_replaces_it() -> None:
    reports, stats = FakeReports(), FakeStats()
    a_report(reports)
    assigned = committed(reports, EventType.ASSIGNED, MONDAY)
    project(assigned, stats, RULES.calendar)
    found, differences = check(Archive(reports), stats, RULES.calendar)
    assert len(found.facts) == 1 and differences == []
    [cell] = stats.counters("M#2026-10")
    stats.items[("M#2026-10", cell["sk"])]["received"] = 5
    assert check(Archive(reports), stats, RULES.calendar)[1] != []
    rebuild(Archive(reports), stats, RULES.calendar)
    assert check(Archive(reports), stats, RULES.calendar)[1] == []
    assert [row["sk"] for row in stats.facts("2026-10")] == ["2026-10-05#PA-TEST-0001"]
    assert project(assigned, stats, RULES.calendar) is Projected.REPEAT  # the rebuild counted it


def test_an_answer_counted_before_its_deadline_was_set_becomes_on_time_when_it_is() -> None:
    # Under load the agency can answer before the SLA worker has written the deadlines: the answer is
    # neither on time nor late until Sla.Started brings them to the projection.
    reports, stats = FakeReports(), FakeStats()
    a_report(reports, Status.IN_PROGRESS)
    answered = committed(reports, EventType.RESOLVED, MONDAY + timedelta(hours=2), status=Status.RESOLVED)
    project(answered, stats, RULES.calendar)
    month = by_dimension(rows_of_cells(stats.counters("M#2026-10")))
    assert (month["agency#dien-luc"].get("on_time", 0), month["agency#dien-luc"].get("late", 0)) == (0, 0)
    due = MONDAY + timedelta(days=3)
    started = committed(reports, EventType.SLA_STARTED, MONDAY + timedelta(hours=3), answer_due_at=due)
    project(started, stats, RULES.calendar)
    month = by_dimension(rows_of_cells(stats.counters("M#2026-10")))
    assert (month["agency#dien-luc"]["on_time"], month["agency#dien-luc"].get("late", 0)) == (1, 0)


def test_a_breach_cleared_by_a_send_back_leaves_the_overdue_figure(directory: FakeDirectory) -> None:
    reports, stats = FakeReports(), FakeStats()
    a_report(reports, Status.TRIAGE)
    assigned = committed(reports, EventType.ASSIGNED, MONDAY, status=Status.ASSIGNED)
    saved = apply_clock_event(assigned, reports, directory, RULES)
    assert saved is not None and saved.accept_due_at is not None
    sweep(reports, now=saved.accept_due_at + timedelta(minutes=1))  # Sla.Breached
    back = committed(reports, EventType.SENT_BACK, MONDAY + timedelta(days=1), status=Status.TRIAGE)
    apply_clock_event(back, reports, directory, RULES)  # clears the clocks: no event of its own but this
    [restated] = [e for e in reports.published if e.type is EventType.SLA_RESTATED]
    assert restated.event_id == deterministic_event_id(back.event_id, "Sla.Restated")
    for event in reversed(reports.published):
        project(event, stats, RULES.calendar)
    assert read_stats("2026-10", stats, directory).province.overdue_now == 0
    assert check(Archive(reports), stats, RULES.calendar)[1] == []


def test_the_projection_hears_every_event_that_moves_a_fact() -> None:
    from infra.topology import TOPOLOGY

    [rule] = [r for r in TOPOLOGY.rules if r.queue == "stats"]
    assert {"Sla.Started", "Report.Resolved", "Report.Reopened", "Report.Rated"} <= set(rule.detail_types)
    # and exactly the events whose commits carry a statistics basis: one not heard would lose its delta
    assert set(rule.detail_types) == {t.value for t in COUNTED}
